using System.Text;
using RedoxBuild.Hashing;

namespace RedoxBuild.Tests.Hashing;

public class Blake3VectorTests
{
    public static TheoryData<int> InputLengths()
    {
        var data = new TheoryData<int>();
        foreach (var vector in Blake3TestVectors.Cases) data.Add(vector.InputLength);
        return data;
    }

    [Theory]
    [MemberData(nameof(InputLengths))]
    public void Every_mode_matches_the_official_vector_over_the_full_extended_output(int inputLength)
    {
        // Arrange
        var vector = Blake3TestVectors.Case(inputLength);
        var input = Blake3TestVectors.Input(inputLength);

        foreach (var backend in Blake3BackendTests.SupportedBackends())
        {
            // Act
            var hash = FullOutput(Blake3Hasher.New(backend), input, vector.Hash);
            var keyed = FullOutput(Blake3Hasher.NewKeyed(Encoding.ASCII.GetBytes(Blake3TestVectors.Key), backend), input, vector.KeyedHash);
            var derived = FullOutput(Blake3Hasher.NewDeriveKey(Blake3TestVectors.Context, backend), input, vector.DeriveKey);

            // Assert
            hash.Should().Be(vector.Hash, $"hash mode, backend {backend}");
            keyed.Should().Be(vector.KeyedHash, $"keyed_hash mode, backend {backend}");
            derived.Should().Be(vector.DeriveKey, $"derive_key mode, backend {backend}");
        }
    }

    [Theory]
    [MemberData(nameof(InputLengths))]
    public void The_default_32_byte_hash_is_the_prefix_of_the_extended_output(int inputLength)
    {
        var vector = Blake3TestVectors.Case(inputLength);

        var hash = Blake3.HashData(Blake3TestVectors.Input(inputLength));

        Blake3.ToHex(hash).Should().Be(vector.Hash[..64]);
    }

    [Theory]
    [InlineData(0UL, 1)]
    [InlineData(1UL, 63)]
    [InlineData(63UL, 2)]
    [InlineData(64UL, 64)]
    [InlineData(65UL, 66)]
    [InlineData(100UL, 31)]
    public void Seeking_into_the_output_returns_the_same_bytes_as_reading_from_the_start(ulong seek, int length)
    {
        var vector = Blake3TestVectors.Case(1025);
        var hasher = Blake3Hasher.New();
        hasher.Update(Blake3TestVectors.Input(1025));
        var output = new byte[length];

        hasher.FinalizeXof(seek, output);

        Blake3.ToHex(output).Should().Be(vector.Hash.Substring(2 * (int)seek, 2 * length));
    }

    [Fact]
    public void Output_far_into_the_stream_does_not_depend_on_how_it_is_sliced()
    {
        var hasher = Blake3Hasher.New();
        hasher.Update("abc"u8);
        var seek = (1UL << 40) + 5;
        var whole = new byte[200];
        hasher.FinalizeXof(seek, whole);

        var pieces = new byte[200];
        hasher.FinalizeXof(seek, pieces.AsSpan(0, 59));
        hasher.FinalizeXof(seek + 59, pieces.AsSpan(59));

        pieces.Should().Equal(whole);
    }

    private static string FullOutput(Blake3Hasher hasher, byte[] input, string expectedHex)
    {
        hasher.Update(input);
        var output = new byte[expectedHex.Length / 2];
        hasher.Finalize(output);
        return Blake3.ToHex(output);
    }
}
