using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RedoxBuild.Hashing;

/// <summary>
/// Hashes <c>TLanes.Count</c> nodes side by side: state word i of every node lives in one vector, so each vector
/// instruction advances all of them. Only for nodes that are known not to be the root of the tree.
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

        var state = new Blake3LaneWords8<TVec>();
        for (var i = 0; i < 8; i++) state[i] = TLanes.Broadcast(key[i]);
        var message = new Blake3LaneWords16<TVec>();
        ref var input = ref MemoryMarshal.GetReference(chunks);

        for (var block = 0; block < Blake3Constants.BlocksPerChunk; block++)
        {
            TLanes.LoadMessage(ref input, block * Blake3Constants.BlockLength, Blake3Constants.ChunkLength, message);
            var blockFlags = flags
                | (block == 0 ? Blake3Constants.ChunkStart : 0)
                | (block == Blake3Constants.BlocksPerChunk - 1 ? Blake3Constants.ChunkEnd : 0);
            Compress<TVec, TLanes>(ref state, in message, counterLow, counterHigh, blockLength, TLanes.Broadcast(blockFlags));
        }
        TLanes.StoreChainingValues(state, cvs);
    }

    /// <summary>
    /// CVs of <c>TLanes.Count</c> parent nodes; node j's block (left CV ‖ right CV) is words [16j, 16j + 16) of
    /// <paramref name="blocks"/>, its CV goes to words [8j, 8j + 8) of <paramref name="cvs"/>, which may be the same memory.
    /// </summary>
    public static void HashParents<TVec, TLanes>(ReadOnlySpan<uint> blocks, ReadOnlySpan<uint> key, uint flags, Span<uint> cvs)
        where TVec : unmanaged
        where TLanes : IBlake3Lanes<TVec>
    {
        var lanes = TLanes.Count;
        if (blocks.Length < lanes * 16 || cvs.Length < lanes * 8 || key.Length < 8)
            throw new ArgumentException($"The {lanes}-lane kernel needs {lanes} parent blocks and room for {lanes} CVs.");

        var state = new Blake3LaneWords8<TVec>();
        for (var i = 0; i < 8; i++) state[i] = TLanes.Broadcast(key[i]);
        var message = new Blake3LaneWords16<TVec>();
        TLanes.LoadMessage(ref Unsafe.As<uint, byte>(ref MemoryMarshal.GetReference(blocks)), 0, Blake3Constants.BlockLength, message);
        var zero = TLanes.Broadcast(0);
        Compress<TVec, TLanes>(ref state, in message, zero, zero,
            TLanes.Broadcast(Blake3Constants.BlockLength), TLanes.Broadcast(flags | Blake3Constants.Parent));
        TLanes.StoreChainingValues(state, cvs);
    }

    /// <summary>Message word order of rounds 1..7: the spec's permutation applied 0..6 times.</summary>
    private static ReadOnlySpan<byte> Schedule =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8,
        3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1,
        10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6,
        12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4,
        9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7,
        11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13,
    ];

    /// <summary>
    /// One block for all lanes. The seven rounds are unrolled with the message schedule (the spec's permutation
    /// applied 0..6 times) spelled out, so message words are read in place instead of being shuffled each round.
    /// </summary>
    private static void Compress<TVec, TLanes>(
        ref Blake3LaneWords8<TVec> cv, ref readonly Blake3LaneWords16<TVec> m,
        TVec counterLow, TVec counterHigh, TVec blockLength, TVec flags)
        where TVec : unmanaged
        where TLanes : IBlake3Lanes<TVec>
    {
        TVec v0 = cv[0], v1 = cv[1], v2 = cv[2], v3 = cv[3], v4 = cv[4], v5 = cv[5], v6 = cv[6], v7 = cv[7];
        TVec v8 = TLanes.Broadcast(Blake3Constants.IV[0]), v9 = TLanes.Broadcast(Blake3Constants.IV[1]);
        TVec v10 = TLanes.Broadcast(Blake3Constants.IV[2]), v11 = TLanes.Broadcast(Blake3Constants.IV[3]);
        TVec v12 = counterLow, v13 = counterHigh, v14 = blockLength, v15 = flags;

        ReadOnlySpan<byte> schedule = Schedule;
        for (var round = 0; round < 7 * 16; round += 16)
        {
            var s = schedule.Slice(round, 16);
            G<TVec, TLanes>(ref v0, ref v4, ref v8, ref v12, m[s[0]], m[s[1]]);
            G<TVec, TLanes>(ref v1, ref v5, ref v9, ref v13, m[s[2]], m[s[3]]);
            G<TVec, TLanes>(ref v2, ref v6, ref v10, ref v14, m[s[4]], m[s[5]]);
            G<TVec, TLanes>(ref v3, ref v7, ref v11, ref v15, m[s[6]], m[s[7]]);
            G<TVec, TLanes>(ref v0, ref v5, ref v10, ref v15, m[s[8]], m[s[9]]);
            G<TVec, TLanes>(ref v1, ref v6, ref v11, ref v12, m[s[10]], m[s[11]]);
            G<TVec, TLanes>(ref v2, ref v7, ref v8, ref v13, m[s[12]], m[s[13]]);
            G<TVec, TLanes>(ref v3, ref v4, ref v9, ref v14, m[s[14]], m[s[15]]);
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

/// <summary>Eight vectors: state word i of every lane.</summary>
[InlineArray(8)]
internal struct Blake3LaneWords8<TVec> where TVec : unmanaged
{
    private TVec _first;
}

/// <summary>Sixteen vectors: message word i of every lane.</summary>
[InlineArray(16)]
internal struct Blake3LaneWords16<TVec> where TVec : unmanaged
{
    private TVec _first;
}
