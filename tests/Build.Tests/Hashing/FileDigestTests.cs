using System.Security.Cryptography;
using RedoxBuild.Hashing;

namespace RedoxBuild.Tests.Hashing;

public class FileDigestTests
{
    private static readonly byte[] Content = Blake3StreamingTests.RandomBytes(300_000, seed: 11);

    [Theory]
    [InlineData(DigestAlgorithm.Blake3)]
    [InlineData(DigestAlgorithm.Sha256)]
    public void A_file_with_the_pinned_digest_matches(DigestAlgorithm algorithm)
    {
        using var temp = new HashingTempDir();
        var file = temp.Write("source.tar", Content);
        var expected = Digest(algorithm, Content).ToUpperInvariant() + "  ";

        var result = FileDigest.Verify(file, algorithm, expected);

        result.Matches.Should().BeTrue();
        result.Actual.Should().Be(Digest(algorithm, Content));
        result.EnsureMatches().Should().BeSameAs(result);
    }

    [Theory]
    [InlineData(DigestAlgorithm.Blake3, "BLAKE3")]
    [InlineData(DigestAlgorithm.Sha256, "SHA-256")]
    public async Task A_flipped_byte_is_refused_with_file_algorithm_expected_and_actual(DigestAlgorithm algorithm, string name)
    {
        // Arrange
        using var temp = new HashingTempDir();
        var tampered = (byte[])Content.Clone();
        tampered[12345] ^= 0x01;
        var file = temp.Write("source.tar", tampered);
        var expected = Digest(algorithm, Content);
        var actual = Digest(algorithm, tampered);

        // Act
        var result = await FileDigest.VerifyAsync(file, algorithm, expected);
        var refuse = () => result.EnsureMatches();

        // Assert
        result.Should().Be(new FileDigestResult(file, algorithm, expected, actual));
        result.Matches.Should().BeFalse();
        refuse.Should().Throw<FileDigestMismatchException>()
            .WithMessage($"{file}: {name} mismatch: expected {expected}, actual {actual}.*")
            .Which.Result.Should().Be(result);
    }

    [Fact]
    public void An_expected_digest_that_is_not_64_hex_digits_is_rejected_before_hashing()
    {
        var act = () => FileDigest.Verify("/nonexistent/file", DigestAlgorithm.Blake3, "abc123");

        act.Should().Throw<ArgumentException>().WithMessage("*BLAKE3 digest 'abc123' is not 64 hexadecimal digits*");
    }

    [Fact]
    public void Compute_gives_lowercase_hex_of_both_algorithms()
    {
        using var temp = new HashingTempDir();
        var file = temp.Write("empty", []);

        FileDigest.Compute(file, DigestAlgorithm.Blake3).Should().Be("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
        FileDigest.Compute(file, DigestAlgorithm.Sha256).Should().Be("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    private static string Digest(DigestAlgorithm algorithm, byte[] content) => algorithm == DigestAlgorithm.Blake3
        ? Blake3.ToHex(Blake3.HashData(content))
        : Convert.ToHexStringLower(SHA256.HashData(content));
}
