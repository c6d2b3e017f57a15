using System.Text;
using RedoxBuild.Hashing;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Hashing;

public class Blake2bTests
{
    [Fact]
    public void The_RFC_7693_appendix_A_digest_of_abc_is_reproduced()
    {
        var digest = Blake2b.HashData("abc"u8);

        Convert.ToHexStringLower(digest).Should().Be(
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1" +
            "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
    }

    [Theory]
    [InlineData("", 64, "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce")]
    [InlineData("The quick brown fox jumps over the lazy dog", 64, "a8add4bdddfd93e4877d2746e62817b116364a1fa7bc148d95090bc7333b3673f82401cf7aa2e4cb1ecd90296e3f14cb5413f8ed77be73045b13914cdcd6a918")]
    [InlineData("abc", 32, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319")]
    public void Known_digests_of_any_length_are_reproduced(string input, int length, string expected)
    {
        Convert.ToHexStringLower(Blake2b.HashData(Encoding.ASCII.GetBytes(input), length)).Should().Be(expected);
    }

    [Theory]
    [InlineData(0, "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568")]
    [InlineData(256, "b72071e096277edebb8ee5134dd3714996307ba3a55aa4733d412abbe28e909e10e57e6fbfb4ef53b3b960518294ff889a90829254412e2a60b85add07a3674f")]
    public void Keyed_digests_match_the_official_keyed_answers(int inputLength, string expected)
    {
        // The BLAKE2 keyed known answers use key 00..3f and input 00, 01, 02, ...
        var key = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();
        var input = Enumerable.Range(0, inputLength).Select(i => (byte)i).ToArray();
        var digest = new byte[64];

        Blake2b.HashData(key, input, digest);

        Convert.ToHexStringLower(digest).Should().Be(expected);
    }

    [Fact]
    public void Incremental_updates_across_block_boundaries_match_one_shot_hashing()
    {
        var input = Blake3StreamingTests.RandomBytes(1000, seed: 4);
        foreach (var split in new[] { 1, 7, 127, 128, 129, 256 })
        {
            var hasher = new Blake2b(48);
            for (var i = 0; i < input.Length; i += split) hasher.Update(input.AsSpan(i, Math.Min(split, input.Length - i)));
            var digest = new byte[48];
            hasher.Finalize(digest);

            digest.Should().Equal(Blake2b.HashData(input, 48), $"pieces of {split} bytes");
        }
    }

    [Fact]
    public void Out_of_range_lengths_are_rejected()
    {
        FluentActions.Invoking(() => new Blake2b(0)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*1..64 bytes*");
        FluentActions.Invoking(() => new Blake2b(65)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new Blake2b(64, new byte[65])).Should().Throw<ArgumentException>().WithMessage("*at most 64 bytes; got 65*");
    }

    /// <summary>GNU coreutils b2sum is an independent BLAKE2b implementation.</summary>
    [RequiresToolsFact("b2sum")]
    public void Digests_match_b2sum_for_several_sizes_and_lengths()
    {
        using var temp = new HashingTempDir();
        foreach (var (size, bits) in new[] { (0, 512), (1, 8), (127, 256), (128, 512), (129, 160), (100_000, 384) })
        {
            var input = Blake3StreamingTests.RandomBytes(size, seed: size);
            var file = temp.Write($"in-{size}.bin", input);

            var theirs = HashingTempDir.Run(HostTools.Require("b2sum"), ["-l", $"{bits}", file]).Split(' ')[0];

            Convert.ToHexStringLower(Blake2b.HashData(input, bits / 8)).Should().Be(theirs, $"{size} bytes, {bits}-bit digest");
        }
    }
}
