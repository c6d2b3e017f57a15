using System.Text;
using RedoxBuild.Hashing;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Hashing;

/// <summary>Our BLAKE3 against the reference implementation's CLI, b3sum (Debian package b3sum).</summary>
public class Blake3CliTests
{
    private static readonly int[] FileSizes = [0, 1, 1023, 1024, 1025, 1024 * 1024 + 17];

    [RequiresToolsFact("b3sum")]
    public void HashFile_matches_b3sum_on_files_of_boundary_sizes()
    {
        using var temp = new HashingTempDir();
        foreach (var size in FileSizes)
        {
            // Arrange
            var file = temp.Write($"input-{size}.bin", Blake3StreamingTests.RandomBytes(size, seed: size));

            // Act
            var ours = Blake3.ToHex(Blake3.HashFile(file));
            var theirs = B3sum(file);

            // Assert
            ours.Should().Be(theirs, $"a {size}-byte file");
        }
    }

    [RequiresToolsFact("b3sum")]
    public void Extended_output_matches_b3sum_length()
    {
        using var temp = new HashingTempDir();
        var input = Blake3StreamingTests.RandomBytes(70_000, seed: 5);
        var file = temp.Write("input.bin", input);
        var output = new byte[1000];

        Blake3.HashData(input, output);

        Blake3.ToHex(output).Should().Be(B3sum(file, "--length", "1000"));
    }

    [RequiresToolsFact("b3sum")]
    public void Keyed_mode_matches_b3sum_keyed()
    {
        using var temp = new HashingTempDir();
        var input = Blake3StreamingTests.RandomBytes(4097, seed: 6);
        var file = temp.Write("input.bin", input);
        var key = Encoding.ASCII.GetBytes(Blake3TestVectors.Key);
        var hasher = Blake3Hasher.NewKeyed(key);

        hasher.Update(input);

        Blake3.ToHex(hasher.GetCurrentHash()).Should().Be(B3sum(file, key, "--keyed"));
    }

    [RequiresToolsFact("b3sum")]
    public void Derive_key_mode_matches_b3sum_derive_key()
    {
        using var temp = new HashingTempDir();
        var input = Blake3StreamingTests.RandomBytes(3000, seed: 8);
        var file = temp.Write("input.bin", input);
        const string context = "redox-build 2026-01-01 hashing test";
        var hasher = Blake3Hasher.NewDeriveKey(context);

        hasher.Update(input);

        Blake3.ToHex(hasher.GetCurrentHash()).Should().Be(B3sum(file, "--derive-key", context));
    }

    private static string B3sum(string file, params string[] options) => B3sum(file, null, options);

    private static string B3sum(string file, byte[]? stdin, params string[] options)
    {
        // With --keyed the key comes on stdin, so the file is named; --no-names leaves only the hex.
        var output = HashingTempDir.Run(HostTools.Require("b3sum"), [.. options, "--no-names", file], stdin);
        return output.Trim();
    }
}
