using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RedoxBuild.Hashing;

/// <summary>
/// Hashes <c>TLanes.Count</c> whole chunks side by side: state word i of every chunk lives in one vector, so each
/// vector instruction advances all chunks. Only for chunks that are known not to be the root of the tree.
/// </summary>
internal static class Blake3ParallelKernel
{
    public static void HashChunks<TVec, TLanes>(
        ReadOnlySpan<byte> chunks, ReadOnlySpan<uint> key, ulong counter, uint flags, Span<uint> cvs)
        where TVec : unmanaged
        where TLanes : IBlake3Lanes<TVec>
    {
        var lanes = TLanes.Count;
        if (chunks.Length < lanes * Blake3Constants.ChunkLength || cvs.Length < lanes * 8 || key.Length < 8)
            throw new ArgumentException($"The {lanes}-lane kernel needs {lanes} whole chunks and room for {lanes} CVs.");

        Span<uint> counterWords = stackalloc uint[2 * lanes];
        for (var j = 0; j < lanes; j++)
        {
            counterWords[j] = (uint)(counter + (ulong)j);
            counterWords[lanes + j] = (uint)((counter + (ulong)j) >> 32);
        }
        var counterLow = TLanes.Load(counterWords[..lanes]);
        var counterHigh = TLanes.Load(counterWords[lanes..]);
        var blockLength = TLanes.Broadcast(Blake3Constants.BlockLength);

        Span<TVec> state = stackalloc TVec[8];
        for (var i = 0; i < 8; i++) state[i] = TLanes.Broadcast(key[i]);
        Span<TVec> message = stackalloc TVec[16];
        ref var input = ref MemoryMarshal.GetReference(chunks);

        for (var block = 0; block < Blake3Constants.BlocksPerChunk; block++)
        {
            TLanes.LoadMessage(ref input, block * Blake3Constants.BlockLength, message);
            var blockFlags = flags
                | (block == 0 ? Blake3Constants.ChunkStart : 0)
                | (block == Blake3Constants.BlocksPerChunk - 1 ? Blake3Constants.ChunkEnd : 0);
            Compress<TVec, TLanes>(state, message, counterLow, counterHigh, blockLength, TLanes.Broadcast(blockFlags));
        }
        TLanes.StoreChainingValues(state, cvs);
    }

    private static void Compress<TVec, TLanes>(
        Span<TVec> cv, ReadOnlySpan<TVec> m, TVec counterLow, TVec counterHigh, TVec blockLength, TVec flags)
        where TVec : unmanaged
        where TLanes : IBlake3Lanes<TVec>
    {
        TVec v0 = cv[0], v1 = cv[1], v2 = cv[2], v3 = cv[3], v4 = cv[4], v5 = cv[5], v6 = cv[6], v7 = cv[7];
        TVec v8 = TLanes.Broadcast(Blake3Constants.IV[0]), v9 = TLanes.Broadcast(Blake3Constants.IV[1]);
        TVec v10 = TLanes.Broadcast(Blake3Constants.IV[2]), v11 = TLanes.Broadcast(Blake3Constants.IV[3]);
        TVec v12 = counterLow, v13 = counterHigh, v14 = blockLength, v15 = flags;

        TVec m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7];
        TVec m8 = m[8], m9 = m[9], m10 = m[10], m11 = m[11], m12 = m[12], m13 = m[13], m14 = m[14], m15 = m[15];

        for (var round = 0; round < 7; round++)
        {
            G<TVec, TLanes>(ref v0, ref v4, ref v8, ref v12, m0, m1);
            G<TVec, TLanes>(ref v1, ref v5, ref v9, ref v13, m2, m3);
            G<TVec, TLanes>(ref v2, ref v6, ref v10, ref v14, m4, m5);
            G<TVec, TLanes>(ref v3, ref v7, ref v11, ref v15, m6, m7);
            G<TVec, TLanes>(ref v0, ref v5, ref v10, ref v15, m8, m9);
            G<TVec, TLanes>(ref v1, ref v6, ref v11, ref v12, m10, m11);
            G<TVec, TLanes>(ref v2, ref v7, ref v8, ref v13, m12, m13);
            G<TVec, TLanes>(ref v3, ref v4, ref v9, ref v14, m14, m15);
            (m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13, m14, m15) =
                (m2, m6, m3, m10, m7, m0, m4, m13, m1, m11, m12, m5, m9, m14, m15, m8);
        }

        cv[0] = TLanes.Xor(v0, v8); cv[1] = TLanes.Xor(v1, v9); cv[2] = TLanes.Xor(v2, v10); cv[3] = TLanes.Xor(v3, v11);
        cv[4] = TLanes.Xor(v4, v12); cv[5] = TLanes.Xor(v5, v13); cv[6] = TLanes.Xor(v6, v14); cv[7] = TLanes.Xor(v7, v15);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G<TVec, TLanes>(ref TVec a, ref TVec b, ref TVec c, ref TVec d, TVec mx, TVec my)
        where TVec : unmanaged
        where TLanes : IBlake3Lanes<TVec>
    {
        a = TLanes.Add(TLanes.Add(a, b), mx);
        d = TLanes.RotateRight16(TLanes.Xor(d, a));
        c = TLanes.Add(c, d);
        b = TLanes.RotateRight12(TLanes.Xor(b, c));
        a = TLanes.Add(TLanes.Add(a, b), my);
        d = TLanes.RotateRight8(TLanes.Xor(d, a));
        c = TLanes.Add(c, d);
        b = TLanes.RotateRight7(TLanes.Xor(b, c));
    }
}
