namespace RedoxBuild.Hashing;

/// <summary>One-shot BLAKE3, shaped like <see cref="System.Security.Cryptography.SHA256"/>'s static helpers.</summary>
public static class Blake3
{
    /// <summary>The standard BLAKE3 output length; longer outputs are prefixes-compatible extensions of it.</summary>
    public const int HashSizeInBytes = Blake3Constants.OutLength;

    /// <summary>Streams are read in pieces this large so that each read feeds the parallel subtree hashing well.</summary>
    internal const int StreamBufferSize = 4 * 1024 * 1024;

    public static byte[] HashData(ReadOnlySpan<byte> source)
    {
        var hash = new byte[HashSizeInBytes];
        HashData(source, hash);
        return hash;
    }

    /// <summary>Fills <paramref name="destination"/> with the first destination.Length output bytes; returns that length.</summary>
    public static int HashData(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var hasher = Blake3Hasher.New();
        hasher.Update(source);
        hasher.Finalize(destination);
        return destination.Length;
    }

    /// <summary>Hashes a stream from its current position to its end (large reads, multi-threaded hashing).</summary>
    public static byte[] HashData(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var hasher = Blake3Hasher.New();
        var buffer = new byte[StreamBufferSize];
        int read;
        while ((read = ReadFull(source, buffer)) > 0) hasher.UpdateParallel(buffer.AsMemory(0, read));
        return hasher.GetCurrentHash();
    }

    public static async Task<byte[]> HashDataAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var hasher = Blake3Hasher.New();
        // Two buffers: the next read runs while the previous piece is hashed.
        byte[] current = new byte[StreamBufferSize], next = new byte[StreamBufferSize];
        var read = await source.ReadAtLeastAsync(current, current.Length, throwOnEndOfStream: false, cancellationToken);
        while (read > 0)
        {
            var pendingRead = source.ReadAtLeastAsync(next, next.Length, throwOnEndOfStream: false, cancellationToken).AsTask();
            hasher.UpdateParallel(current.AsMemory(0, read));
            read = await pendingRead;
            (current, next) = (next, current);
        }
        return hasher.GetCurrentHash();
    }

    /// <summary>The 32-byte BLAKE3 hash of a file's contents, as b3sum prints it (see <see cref="ToHex"/>).</summary>
    public static byte[] HashFile(string path)
    {
        using var stream = OpenSequential(path);
        return HashData(stream);
    }

    public static async Task<byte[]> HashFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = OpenSequential(path);
        return await HashDataAsync(stream, cancellationToken);
    }

    /// <summary>Lowercase hexadecimal, the form used by b3sum and by recipe.toml <c>blake3 = "..."</c>.</summary>
    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    internal static FileStream OpenSequential(string path) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 0,
            Options = FileOptions.SequentialScan,
        });

    private static int ReadFull(Stream source, byte[] buffer) =>
        source.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
}
