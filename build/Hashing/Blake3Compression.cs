using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace RedoxBuild.Hashing;

/// <summary>The portable BLAKE3 compression function: one block, one chaining value, seven rounds.</summary>
internal static class Blake3Compression
{
    /// <summary>
    /// Compresses one block and writes the first <paramref name="output"/>.Length words of the 16-word state:
    /// 8 words are the next chaining value, 16 words are the extended (root/XOF) output.
    /// </summary>
    public static void Compress(
        ReadOnlySpan<uint> cv, ReadOnlySpan<uint> block, ulong counter, uint blockLength, uint flags, Span<uint> output)
    {
        if (cv.Length < 8 || block.Length < 16 || output.Length is not (8 or 16))
            throw new ArgumentException("BLAKE3 compression takes an 8-word CV, a 16-word block and writes 8 or 16 words.");

        uint v0 = cv[0], v1 = cv[1], v2 = cv[2], v3 = cv[3], v4 = cv[4], v5 = cv[5], v6 = cv[6], v7 = cv[7];
        uint v8 = Blake3Constants.IV[0], v9 = Blake3Constants.IV[1], v10 = Blake3Constants.IV[2], v11 = Blake3Constants.IV[3];
        uint v12 = (uint)counter, v13 = (uint)(counter >> 32), v14 = blockLength, v15 = flags;

        uint m0 = block[0], m1 = block[1], m2 = block[2], m3 = block[3], m4 = block[4], m5 = block[5], m6 = block[6], m7 = block[7];
        uint m8 = block[8], m9 = block[9], m10 = block[10], m11 = block[11], m12 = block[12], m13 = block[13], m14 = block[14], m15 = block[15];

        for (var round = 0; round < 7; round++)
        {
            G(ref v0, ref v4, ref v8, ref v12, m0, m1);
            G(ref v1, ref v5, ref v9, ref v13, m2, m3);
            G(ref v2, ref v6, ref v10, ref v14, m4, m5);
            G(ref v3, ref v7, ref v11, ref v15, m6, m7);
            G(ref v0, ref v5, ref v10, ref v15, m8, m9);
            G(ref v1, ref v6, ref v11, ref v12, m10, m11);
            G(ref v2, ref v7, ref v8, ref v13, m12, m13);
            G(ref v3, ref v4, ref v9, ref v14, m14, m15);

            // The message permutation of the spec: new word i is old word P[i], P = 2,6,3,10,7,0,4,13,1,11,12,5,9,14,15,8.
            (m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13, m14, m15) =
                (m2, m6, m3, m10, m7, m0, m4, m13, m1, m11, m12, m5, m9, m14, m15, m8);
        }

        // The extended half reads the input CV, so it is written first: output may be the same memory as cv.
        if (output.Length == 16)
        {
            output[8] = v8 ^ cv[0]; output[9] = v9 ^ cv[1]; output[10] = v10 ^ cv[2]; output[11] = v11 ^ cv[3];
            output[12] = v12 ^ cv[4]; output[13] = v13 ^ cv[5]; output[14] = v14 ^ cv[6]; output[15] = v15 ^ cv[7];
        }
        output[0] = v0 ^ v8; output[1] = v1 ^ v9; output[2] = v2 ^ v10; output[3] = v3 ^ v11;
        output[4] = v4 ^ v12; output[5] = v5 ^ v13; output[6] = v6 ^ v14; output[7] = v7 ^ v15;
    }

    /// <summary>Reads a (possibly short) block as 16 little-endian words, zero padded as the spec requires.</summary>
    public static void LoadBlock(ReadOnlySpan<byte> bytes, Span<uint> words)
    {
        if (bytes.Length == Blake3Constants.BlockLength)
        {
            for (var i = 0; i < 16; i++) words[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 * i)..]);
            return;
        }
        Span<byte> padded = stackalloc byte[Blake3Constants.BlockLength];
        padded.Clear();
        bytes.CopyTo(padded);
        for (var i = 0; i < 16; i++) words[i] = BinaryPrimitives.ReadUInt32LittleEndian(padded[(4 * i)..]);
    }

    /// <summary>Hashes one whole 1024-byte chunk that is known not to be the root and returns its chaining value.</summary>
    public static void ChunkCv(ReadOnlySpan<byte> chunk, ReadOnlySpan<uint> key, ulong counter, uint flags, Span<uint> cvOut)
    {
        Span<uint> block = stackalloc uint[16];
        Span<uint> cv = stackalloc uint[8];
        key[..8].CopyTo(cv);
        for (var b = 0; b < Blake3Constants.BlocksPerChunk; b++)
        {
            LoadBlock(chunk.Slice(b * Blake3Constants.BlockLength, Blake3Constants.BlockLength), block);
            var blockFlags = flags
                | (b == 0 ? Blake3Constants.ChunkStart : 0)
                | (b == Blake3Constants.BlocksPerChunk - 1 ? Blake3Constants.ChunkEnd : 0);
            Compress(cv, block, counter, Blake3Constants.BlockLength, blockFlags, cv);
        }
        cv.CopyTo(cvOut);
    }

    /// <summary>The chaining value of a non-root parent node: the key compressed over left CV ‖ right CV.</summary>
    public static void ParentCv(ReadOnlySpan<uint> leftAndRight, ReadOnlySpan<uint> key, uint flags, Span<uint> cvOut) =>
        Compress(key, leftAndRight, 0, Blake3Constants.BlockLength, flags | Blake3Constants.Parent, cvOut[..8]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref uint a, ref uint b, ref uint c, ref uint d, uint mx, uint my)
    {
        a = a + b + mx;
        d = BitOperations.RotateRight(d ^ a, 16);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 12);
        a = a + b + my;
        d = BitOperations.RotateRight(d ^ a, 8);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 7);
    }
}
