using System.Security.Cryptography;

namespace RedoxBuild.Hashing;

/// <summary>The digests a Redox recipe or download manifest pins a file with.</summary>
public enum DigestAlgorithm
{
    /// <summary>recipe.toml <c>blake3 = "..."</c>, pkgar entries.</summary>
    Blake3,

    /// <summary>SHA256SUM files next to Redox images and toolchains.</summary>
    Sha256,
}

/// <summary>The outcome of checking one file: both digests as lowercase hex, so a mismatch can be reported exactly.</summary>
public sealed record FileDigestResult(string Path, DigestAlgorithm Algorithm, string Expected, string Actual)
{
    public bool Matches => string.Equals(Expected, Actual, StringComparison.Ordinal);

    public string AlgorithmName => FileDigest.DisplayName(Algorithm);

    public string Message => Matches
        ? $"{Path}: {AlgorithmName} {Actual} matches."
        : $"{Path}: {AlgorithmName} mismatch: expected {Expected}, actual {Actual}. " +
          "The file is corrupt or changed upstream; delete it to download again, or update the pinned digest if the change is intended.";

    /// <summary>Refuses a mismatching file with <see cref="Message"/>; returns this result when it matches.</summary>
    public FileDigestResult EnsureMatches() => Matches ? this : throw new FileDigestMismatchException(this);
}

/// <summary>A file whose content does not hash to the pinned digest.</summary>
public sealed class FileDigestMismatchException(FileDigestResult result) : IOException(result.Message)
{
    public FileDigestResult Result { get; } = result;
}

public static class FileDigest
{
    /// <summary>Both supported algorithms produce 32-byte digests.</summary>
    public const int DigestSizeInBytes = 32;

    public static string DisplayName(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Blake3 => "BLAKE3",
        DigestAlgorithm.Sha256 => "SHA-256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown digest algorithm."),
    };

    /// <summary>The file's digest as lowercase hex.</summary>
    public static string Compute(string path, DigestAlgorithm algorithm)
    {
        using var stream = Blake3.OpenSequential(path);
        return algorithm switch
        {
            DigestAlgorithm.Blake3 => Blake3.ToHex(Blake3.HashData(stream)),
            DigestAlgorithm.Sha256 => Blake3.ToHex(SHA256.HashData(stream)),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown digest algorithm."),
        };
    }

    public static async Task<string> ComputeAsync(string path, DigestAlgorithm algorithm, CancellationToken cancellationToken = default)
    {
        await using var stream = Blake3.OpenSequential(path);
        var digest = algorithm switch
        {
            DigestAlgorithm.Blake3 => await Blake3.HashDataAsync(stream, cancellationToken),
            DigestAlgorithm.Sha256 => await SHA256.HashDataAsync(stream, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown digest algorithm."),
        };
        return Blake3.ToHex(digest);
    }

    /// <summary>Hashes the file and compares with <paramref name="expectedHex"/> (64 hex digits, any case, surrounding spaces ignored).</summary>
    public static FileDigestResult Verify(string path, DigestAlgorithm algorithm, string expectedHex)
    {
        var expected = NormalizeExpected(algorithm, expectedHex);
        return new FileDigestResult(path, algorithm, expected, Compute(path, algorithm));
    }

    public static async Task<FileDigestResult> VerifyAsync(
        string path, DigestAlgorithm algorithm, string expectedHex, CancellationToken cancellationToken = default)
    {
        var expected = NormalizeExpected(algorithm, expectedHex);
        return new FileDigestResult(path, algorithm, expected, await ComputeAsync(path, algorithm, cancellationToken));
    }

    private static string NormalizeExpected(DigestAlgorithm algorithm, string expectedHex)
    {
        ArgumentNullException.ThrowIfNull(expectedHex);
        var trimmed = expectedHex.Trim();
        if (trimmed.Length != 2 * DigestSizeInBytes || !trimmed.All(Uri.IsHexDigit))
            throw new ArgumentException(
                $"Expected {DisplayName(algorithm)} digest '{expectedHex}' is not {2 * DigestSizeInBytes} hexadecimal digits; " +
                "copy the full digest (e.g. from b3sum or sha256sum output).", nameof(expectedHex));
        return trimmed.ToLowerInvariant();
    }
}
