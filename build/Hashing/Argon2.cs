using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace RedoxBuild.Hashing;

/// <summary>
/// Argon2d, Argon2i and Argon2id, version 0x13, as specified by RFC 9106. The lanes of one slice are filled on
/// the thread pool: each lane writes only its own segment and reads other lanes only in finished slices, so the
/// tag does not depend on scheduling.
/// </summary>
public static partial class Argon2
{
    private const int SyncPoints = 4;
    private const int AddressesPerBlock = Argon2Block.Words;

    /// <summary>The raw tag of <paramref name="parameters"/>.TagLength bytes.</summary>
    public static byte[] Hash(Argon2Type type, ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, Argon2Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate(salt.Length);
        if (!Enum.IsDefined(type)) throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown Argon2 type.");

        Span<byte> h0 = stackalloc byte[Blake2b.MaxOutputLength];
        InitialHash(type, password, salt, parameters, h0);

        var lanes = parameters.Parallelism;
        var segmentLength = parameters.MemoryKiB / (SyncPoints * lanes);
        var memory = new Argon2Memory(type, parameters, lanes, segmentLength);
        try
        {
            memory.FillFirstBlocks(h0);
            for (var pass = 0; pass < parameters.Iterations; pass++)
                for (var slice = 0; slice < SyncPoints; slice++)
                {
                    if (lanes == 1) memory.FillSegment(pass, slice, 0);
                    else Parallel.For(0, lanes, lane => memory.FillSegment(pass, slice, lane));
                }
            return memory.Tag(parameters.TagLength);
        }
        finally
        {
            memory.Clear();
            CryptographicOperations.ZeroMemory(h0);
        }
    }

    /// <summary>H0 = BLAKE2b-512 over the parameters and the length-prefixed inputs (RFC 9106 §3.2 step 1).</summary>
    private static void InitialHash(
        Argon2Type type, ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, Argon2Parameters parameters, Span<byte> h0)
    {
        var hasher = new Blake2b(Blake2b.MaxOutputLength);
        void Add(int value)
        {
            Span<byte> word = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(word, value);
            hasher.Update(word);
        }
        Add(parameters.Parallelism);
        Add(parameters.TagLength);
        Add(parameters.MemoryKiB);
        Add(parameters.Iterations);
        Add(Argon2Parameters.Version);
        Add((int)type);
        Add(password.Length);
        hasher.Update(password);
        Add(salt.Length);
        hasher.Update(salt);
        Add(parameters.Secret.Length);
        hasher.Update(parameters.Secret.Span);
        Add(parameters.AssociatedData.Length);
        hasher.Update(parameters.AssociatedData.Span);
        hasher.Finalize(h0);
    }

    /// <summary>
    /// H' of RFC 9106 §3.3: BLAKE2b of LE32(T) ‖ input when T ≤ 64, otherwise a chain of BLAKE2b-512 digests of
    /// which the first 32 bytes each are output, ending with one digest of the remaining length.
    /// </summary>
    internal static void LongHash(ReadOnlySpan<byte> input, Span<byte> output)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, output.Length);
        if (output.Length <= Blake2b.MaxOutputLength)
        {
            var direct = new Blake2b(output.Length);
            direct.Update(length);
            direct.Update(input);
            direct.Finalize(output);
            return;
        }

        var r = (output.Length + 31) / 32 - 2;
        Span<byte> v = stackalloc byte[Blake2b.MaxOutputLength];
        var first = new Blake2b();
        first.Update(length);
        first.Update(input);
        first.Finalize(v);
        v[..32].CopyTo(output);
        for (var i = 1; i < r; i++)
        {
            Blake2b.HashData(default, v, v);
            v[..32].CopyTo(output[(32 * i)..]);
        }
        Blake2b.HashData(default, v, output[(32 * r)..]);
        CryptographicOperations.ZeroMemory(v);
    }

    /// <summary>The B[lane][column] matrix and the segment filling of RFC 9106 §3.2 and §3.4.</summary>
    private sealed class Argon2Memory(Argon2Type type, Argon2Parameters parameters, int lanes, int segmentLength)
    {
        private readonly int _laneLength = SyncPoints * segmentLength;
        // At most MaxMemoryKiB blocks of 128 words: 2^29 words, well inside one array and int offsets.
        private readonly ulong[] _blocks = new ulong[lanes * SyncPoints * segmentLength * Argon2Block.Words];

        private Span<ulong> Block(int lane, int column) =>
            _blocks.AsSpan((lane * _laneLength + column) * Argon2Block.Words, Argon2Block.Words);

        /// <summary>B[i][0] = H'(H0 ‖ LE32(0) ‖ LE32(i)), B[i][1] = H'(H0 ‖ LE32(1) ‖ LE32(i)).</summary>
        public void FillFirstBlocks(ReadOnlySpan<byte> h0)
        {
            Span<byte> seed = stackalloc byte[Blake2b.MaxOutputLength + 8];
            Span<byte> block = stackalloc byte[Argon2Block.Bytes];
            h0.CopyTo(seed);
            for (var lane = 0; lane < lanes; lane++)
                for (var column = 0; column < 2; column++)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(seed[64..], column);
                    BinaryPrimitives.WriteInt32LittleEndian(seed[68..], lane);
                    LongHash(seed, block);
                    ReadWords(block, Block(lane, column));
                }
            CryptographicOperations.ZeroMemory(block);
            CryptographicOperations.ZeroMemory(seed);
        }

        public void FillSegment(int pass, int slice, int lane)
        {
            var dataIndependent = type == Argon2Type.Argon2i || (type == Argon2Type.Argon2id && pass == 0 && slice < SyncPoints / 2);
            Span<ulong> input = stackalloc ulong[Argon2Block.Words];
            Span<ulong> addresses = stackalloc ulong[Argon2Block.Words];
            if (dataIndependent)
            {
                input.Clear();
                input[0] = (ulong)pass; input[1] = (ulong)lane; input[2] = (ulong)slice;
                input[3] = (ulong)_blocks.Length / Argon2Block.Words; input[4] = (ulong)parameters.Iterations; input[5] = (ulong)type;
            }

            // The first two blocks of every lane come from H0, so the first segment starts at its third block.
            var first = pass == 0 && slice == 0 ? 2 : 0;
            if (dataIndependent && first != 0) NextAddresses(input, addresses);
            for (var index = first; index < segmentLength; index++)
            {
                var column = slice * segmentLength + index;
                var previous = column == 0 ? _laneLength - 1 : column - 1;
                ulong pseudoRandom;
                if (dataIndependent)
                {
                    if (index % AddressesPerBlock == 0) NextAddresses(input, addresses);
                    pseudoRandom = addresses[index % AddressesPerBlock];
                }
                else pseudoRandom = Block(lane, previous)[0];

                var referenceLane = pass == 0 && slice == 0 ? lane : (int)((pseudoRandom >> 32) % (ulong)lanes);
                var referenceColumn = ReferenceColumn(pass, slice, index, referenceLane == lane, (uint)pseudoRandom);
                Argon2Block.Compress(Block(lane, previous), Block(referenceLane, referenceColumn), Block(lane, column), xorIntoNext: pass > 0);
            }
        }

        /// <summary>Maps J1 onto the blocks this position may reference (RFC 9106 §3.4.2), skewed towards recent ones.</summary>
        private int ReferenceColumn(int pass, int slice, int index, bool sameLane, uint j1)
        {
            // Finished segments of the lane (all but the current one after the first pass), plus, in the same lane,
            // the blocks of the current segment before the previous one; other lanes lose their newest block at index 0.
            long finished = pass == 0 ? (long)slice * segmentLength : _laneLength - segmentLength;
            var areaSize = sameLane ? finished + index - 1 : finished + (index == 0 ? -1 : 0);
            var x = (ulong)j1 * j1 >> 32;
            var y = (ulong)areaSize * x >> 32;
            var relative = (ulong)areaSize - 1 - y;
            var start = pass != 0 && slice != SyncPoints - 1 ? (ulong)((slice + 1) * segmentLength) : 0;
            return (int)((start + relative) % (ulong)_laneLength);
        }

        /// <summary>The next 128 pseudo-random J1‖J2 words: G(0, G(0, input)) after bumping the counter in word 6.</summary>
        private static void NextAddresses(Span<ulong> input, Span<ulong> addresses)
        {
            Span<ulong> zero = stackalloc ulong[Argon2Block.Words];
            zero.Clear();
            input[6]++;
            Argon2Block.Compress(zero, input, addresses, xorIntoNext: false);
            Argon2Block.Compress(zero, addresses, addresses, xorIntoNext: false);
        }

        /// <summary>C = XOR of every lane's last block; the tag is H'^T(C).</summary>
        public byte[] Tag(int tagLength)
        {
            Span<ulong> c = stackalloc ulong[Argon2Block.Words];
            Block(0, _laneLength - 1).CopyTo(c);
            for (var lane = 1; lane < lanes; lane++)
            {
                var last = Block(lane, _laneLength - 1);
                for (var i = 0; i < Argon2Block.Words; i++) c[i] ^= last[i];
            }
            Span<byte> bytes = stackalloc byte[Argon2Block.Bytes];
            for (var i = 0; i < Argon2Block.Words; i++) BinaryPrimitives.WriteUInt64LittleEndian(bytes[(8 * i)..], c[i]);
            var tag = new byte[tagLength];
            LongHash(bytes, tag);
            CryptographicOperations.ZeroMemory(bytes);
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(c));
            return tag;
        }

        public void Clear() => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_blocks.AsSpan()));

        private static void ReadWords(ReadOnlySpan<byte> bytes, Span<ulong> words)
        {
            for (var i = 0; i < Argon2Block.Words; i++) words[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(8 * i)..]);
        }
    }
}
