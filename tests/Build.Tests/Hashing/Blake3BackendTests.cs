using System.Text;
using RedoxBuild.Hashing;

namespace RedoxBuild.Tests.Hashing;

public class Blake3BackendTests
{
    /// <summary>Scalar always; the vector backends where this CPU runs them (CI on x64 runs all three).</summary>
    internal static IEnumerable<Blake3Backend> SupportedBackends() =>
        new[] { Blake3Backend.Scalar, Blake3Backend.Vector128, Blake3Backend.Vector256, Blake3Backend.Vector512 }.Where(Blake3Engine.IsSupported);

    public static TheoryData<int> Sizes() =>
    [
        0, 1, 64, 1024, 1025, 2048, 4095, 4096, 4097, 7 * 1024, 8 * 1024, 8 * 1024 + 1, 9 * 1024 + 1,
        16 * 1024, 16 * 1024 + 1, 17 * 1024 + 512, 33 * 1024 + 1, 100_000, 257 * 1024 + 3, 1024 * 1024 + 17,
    ];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Scalar_and_vector_backends_agree_on_random_data(int size)
    {
        var input = Blake3StreamingTests.RandomBytes(size, seed: size + 1);
        var key = Encoding.ASCII.GetBytes(Blake3TestVectors.Key);

        var results = SupportedBackends().Select(backend => (backend, hashes: new[]
        {
            Hash(Blake3Hasher.New(backend), input),
            Hash(Blake3Hasher.NewKeyed(key, backend), input),
            Hash(Blake3Hasher.NewDeriveKey("redox backend test", backend), input),
        })).ToList();

        foreach (var (backend, hashes) in results)
            hashes.Should().Equal(results[0].hashes, $"backend {backend} must match {results[0].backend}");
    }

    [Fact]
    public void The_scalar_backend_can_always_be_forced()
    {
        Blake3Hasher.New(Blake3Backend.Scalar).Backend.Should().Be(Blake3Backend.Scalar);
    }

    [Fact]
    public void Auto_picks_the_widest_supported_backend()
    {
        var expected = SupportedBackends().Last();

        Blake3Hasher.New().Backend.Should().Be(expected);
    }

    [Fact]
    public void The_vector_kernels_give_each_lane_its_own_chunk_counter()
    {
        // Counters past 2^32 exercise the high counter word that the kernels carry per lane.
        var chunks = Blake3StreamingTests.RandomBytes(16 * 1024, seed: 99);
        var scalar = new Blake3Engine(Blake3TestVectorsIv(), 0, Blake3Backend.Scalar);
        var expected = new uint[128];
        scalar.ChunkCvs(chunks, (1UL << 32) - 3, expected);

        foreach (var backend in SupportedBackends())
        {
            var actual = new uint[128];
            new Blake3Engine(Blake3TestVectorsIv(), 0, backend).ChunkCvs(chunks, (1UL << 32) - 3, actual);
            actual.Should().Equal(expected, $"backend {backend}");
        }
    }

    [Fact]
    public void The_vector_kernels_fold_parent_nodes_in_place_like_the_scalar_code()
    {
        var random = new Random(3);
        foreach (var count in new[] { 1, 3, 4, 7, 8, 15, 16, 17, 32, 37 })
        {
            var blocks = Enumerable.Range(0, 16 * count).Select(_ => (uint)random.NextInt64(0, 1L << 32)).ToArray();
            var expected = (uint[])blocks.Clone();
            new Blake3Engine(Blake3TestVectorsIv(), 0, Blake3Backend.Scalar).ParentCvs(expected, count);

            foreach (var backend in SupportedBackends())
            {
                var actual = (uint[])blocks.Clone();
                new Blake3Engine(Blake3TestVectorsIv(), 0, backend).ParentCvs(actual, count);
                actual.Take(8 * count).Should().Equal(expected.Take(8 * count), $"{count} parents, backend {backend}");
            }
        }
    }

    private static uint[] Blake3TestVectorsIv() => [0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19];

    private static string Hash(Blake3Hasher hasher, byte[] input)
    {
        hasher.Update(input);
        var output = new byte[80];
        hasher.Finalize(output);
        return Blake3.ToHex(output);
    }
}
