using System.Text;
using RedoxBuild.Hashing;

namespace RedoxBuild.Tests.Hashing;

public class Blake3StreamingTests
{
    /// <summary>Lengths that straddle block (64), chunk (1024) and subtree (2^k chunks) boundaries.</summary>
    public static TheoryData<int> Lengths() => [0, 1, 63, 64, 65, 1023, 1024, 1025, 2048, 2049, 3072, 3073, 8192, 8193, 16384, 31745, 102400];

    public static TheoryData<string> SplitPatterns() => ["1", "7", "63,65", "64", "1023,1", "1024", "1025", "3,1021,1024,2048", "random"];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Feeding_one_byte_at_a_time_gives_the_one_shot_result(int length)
    {
        var input = Blake3TestVectors.Input(length);
        var hasher = Blake3Hasher.New();

        foreach (var b in input) hasher.Update([b]);

        Blake3.ToHex(hasher.GetCurrentHash()).Should().Be(Blake3.ToHex(Blake3.HashData(input)));
    }

    [Theory]
    [MemberData(nameof(SplitPatterns))]
    public void Every_split_pattern_gives_the_official_vectors(string pattern)
    {
        var key = Encoding.ASCII.GetBytes(Blake3TestVectors.Key);
        foreach (var vector in Blake3TestVectors.Cases)
        {
            var input = Blake3TestVectors.Input(vector.InputLength);
            Check(Blake3Hasher.New(), input, pattern, vector.Hash, vector.InputLength);
            Check(Blake3Hasher.NewKeyed(key), input, pattern, vector.KeyedHash, vector.InputLength);
            Check(Blake3Hasher.NewDeriveKey(Blake3TestVectors.Context), input, pattern, vector.DeriveKey, vector.InputLength);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Parallel_update_matches_serial_update(int length)
    {
        var input = RandomBytes(length, seed: length);
        var serial = Blake3Hasher.New();
        serial.Update(input);
        var parallel = Blake3Hasher.New();

        parallel.UpdateParallel(input);

        parallel.GetCurrentHash().Should().Equal(serial.GetCurrentHash());
    }

    [Fact]
    public void Parallel_update_of_several_mebibytes_in_uneven_pieces_matches_serial_update()
    {
        var input = RandomBytes(9 * 1024 * 1024 + 4097, seed: 42);
        var serial = Blake3Hasher.New();
        serial.Update(input);
        var parallel = Blake3Hasher.New();

        foreach (var (start, length) in Pieces(input.Length, [3 * 1024 * 1024 + 5, 1, 4 * 1024 * 1024, 1023]))
            parallel.UpdateParallel(input.AsMemory(start, length));

        parallel.GetCurrentHash().Should().Equal(serial.GetCurrentHash());
    }

    [Fact]
    public void Finalizing_does_not_end_the_hash_so_more_input_can_follow()
    {
        var hasher = Blake3Hasher.New();
        hasher.Update("ab"u8);
        _ = hasher.GetCurrentHash();

        hasher.Update("c"u8);

        hasher.GetCurrentHash().Should().Equal(Blake3.HashData("abc"u8));
    }

    [Fact]
    public void Reset_forgets_the_input_but_keeps_the_key()
    {
        var key = Encoding.ASCII.GetBytes(Blake3TestVectors.Key);
        var hasher = Blake3Hasher.NewKeyed(key);
        hasher.Update(RandomBytes(5000, seed: 1));

        hasher.Reset();
        hasher.Update(Blake3TestVectors.Input(1024));

        Blake3.ToHex(hasher.GetCurrentHash()).Should().Be(Blake3TestVectors.Case(1024).KeyedHash[..64]);
    }

    [Fact]
    public void A_key_that_is_not_32_bytes_is_rejected_with_its_length()
    {
        var act = () => Blake3Hasher.NewKeyed(new byte[31]);

        act.Should().Throw<ArgumentException>().WithMessage("*exactly 32 bytes; got 31*");
    }

    [Fact]
    public async Task Stream_and_file_helpers_agree_with_the_in_memory_hash()
    {
        var input = RandomBytes(5 * 1024 * 1024 + 333, seed: 7);
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, input);
            var expected = Blake3.HashData(input);

            Blake3.HashData(new MemoryStream(input)).Should().Equal(expected);
            (await Blake3.HashDataAsync(new MemoryStream(input))).Should().Equal(expected);
            Blake3.HashFile(path).Should().Equal(expected);
            (await Blake3.HashFileAsync(path)).Should().Equal(expected);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static void Check(Blake3Hasher hasher, byte[] input, string pattern, string expectedHex, int inputLength)
    {
        var sizes = pattern == "random"
            ? Enumerable.Range(0, 64).Select(i => new Random(inputLength * 31 + i).Next(0, 3000)).ToArray()
            : pattern.Split(',').Select(int.Parse).ToArray();
        foreach (var (start, length) in Pieces(input.Length, sizes)) hasher.Update(input.AsSpan(start, length));
        var output = new byte[expectedHex.Length / 2];
        hasher.Finalize(output);
        Blake3.ToHex(output).Should().Be(expectedHex, $"input_len {inputLength} split as {pattern}");
    }

    /// <summary>Cuts [0, total) into pieces of the given sizes, cycling through them (zero-length pieces included).</summary>
    private static IEnumerable<(int Start, int Length)> Pieces(int total, int[] sizes)
    {
        var position = 0;
        for (var i = 0; position < total; i++)
        {
            var length = Math.Min(sizes[i % sizes.Length], total - position);
            yield return (position, length);
            position += length;
        }
    }
}
