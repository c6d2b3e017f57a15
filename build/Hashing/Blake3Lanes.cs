using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace RedoxBuild.Hashing;

/// <summary>
/// The vector operations the many-chunks kernel needs, one lane per chunk. Implemented by zero-size structs so the
/// JIT specialises <see cref="Blake3ParallelKernel"/> once per vector width without virtual calls.
/// </summary>
internal interface IBlake3Lanes<TVec> where TVec : unmanaged
{
    static abstract int Count { get; }
    static abstract TVec Broadcast(uint value);
    static abstract TVec Load(ReadOnlySpan<uint> values);
    static abstract TVec Add(TVec a, TVec b);
    static abstract TVec Xor(TVec a, TVec b);
    static abstract TVec RotateRight16(TVec x);
    static abstract TVec RotateRight12(TVec x);
    static abstract TVec RotateRight8(TVec x);
    static abstract TVec RotateRight7(TVec x);

    /// <summary>
    /// Word i of the message vector holds word i of each lane's block: lane j's block starts at byte
    /// j * <paramref name="stride"/> + <paramref name="blockOffset"/> (1024 for chunks, 64 for packed parent blocks).
    /// </summary>
    static abstract void LoadMessage(ref byte source, int blockOffset, int stride, Span<TVec> message);

    /// <summary>Writes lane j's eight state words as chunk j's chaining value, at cvs[8j..8j+8].</summary>
    static abstract void StoreChainingValues(ReadOnlySpan<TVec> state, Span<uint> cvs);
}

/// <summary>Eight chunks at once in 256-bit registers (AVX2; AVX-512VL rotates when present).</summary>
internal readonly struct Blake3Lanes256 : IBlake3Lanes<Vector256<uint>>
{
    public static bool IsSupported => Avx2.IsSupported && BitConverter.IsLittleEndian;
    public static int Count => 8;
    public static Vector256<uint> Broadcast(uint value) => Vector256.Create(value);
    public static Vector256<uint> Load(ReadOnlySpan<uint> values) => Vector256.Create(values);
    public static Vector256<uint> Add(Vector256<uint> a, Vector256<uint> b) => a + b;
    public static Vector256<uint> Xor(Vector256<uint> a, Vector256<uint> b) => a ^ b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> RotateRight16(Vector256<uint> x) => Avx512F.VL.IsSupported
        ? Avx512F.VL.RotateRight(x, 16)
        : Avx2.Shuffle(x.AsByte(), Vector256.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,
            2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> RotateRight8(Vector256<uint> x) => Avx512F.VL.IsSupported
        ? Avx512F.VL.RotateRight(x, 8)
        : Avx2.Shuffle(x.AsByte(), Vector256.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12,
            1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12)).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> RotateRight12(Vector256<uint> x) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 12) : (x >>> 12) | (x << 20);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> RotateRight7(Vector256<uint> x) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 7) : (x >>> 7) | (x << 25);

    public static void LoadMessage(ref byte source, int blockOffset, int stride, Span<Vector256<uint>> message)
    {
        for (var half = 0; half < 2; half++)
        {
            var offset = (nuint)(blockOffset + 32 * half);
            var r0 = Row(ref source, offset, stride, 0); var r1 = Row(ref source, offset, stride, 1);
            var r2 = Row(ref source, offset, stride, 2); var r3 = Row(ref source, offset, stride, 3);
            var r4 = Row(ref source, offset, stride, 4); var r5 = Row(ref source, offset, stride, 5);
            var r6 = Row(ref source, offset, stride, 6); var r7 = Row(ref source, offset, stride, 7);
            Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
            var words = message.Slice(8 * half, 8);
            words[0] = r0; words[1] = r1; words[2] = r2; words[3] = r3;
            words[4] = r4; words[5] = r5; words[6] = r6; words[7] = r7;
        }
    }

    public static void StoreChainingValues(ReadOnlySpan<Vector256<uint>> state, Span<uint> cvs)
    {
        Vector256<uint> r0 = state[0], r1 = state[1], r2 = state[2], r3 = state[3];
        Vector256<uint> r4 = state[4], r5 = state[5], r6 = state[6], r7 = state[7];
        Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        r0.CopyTo(cvs[..8]); r1.CopyTo(cvs[8..16]); r2.CopyTo(cvs[16..24]); r3.CopyTo(cvs[24..32]);
        r4.CopyTo(cvs[32..40]); r5.CopyTo(cvs[40..48]); r6.CopyTo(cvs[48..56]); r7.CopyTo(cvs[56..64]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Row(ref byte source, nuint offset, int stride, int lane) =>
        Vector256.LoadUnsafe(ref source, offset + (nuint)(lane * stride)).AsUInt32();

    /// <summary>8x8 transpose of 32-bit words: interleave pairs, then quads, then swap 128-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose(
        ref Vector256<uint> r0, ref Vector256<uint> r1, ref Vector256<uint> r2, ref Vector256<uint> r3,
        ref Vector256<uint> r4, ref Vector256<uint> r5, ref Vector256<uint> r6, ref Vector256<uint> r7)
    {
        var t0 = Avx2.UnpackLow(r0, r1); var t1 = Avx2.UnpackHigh(r0, r1);
        var t2 = Avx2.UnpackLow(r2, r3); var t3 = Avx2.UnpackHigh(r2, r3);
        var t4 = Avx2.UnpackLow(r4, r5); var t5 = Avx2.UnpackHigh(r4, r5);
        var t6 = Avx2.UnpackLow(r6, r7); var t7 = Avx2.UnpackHigh(r6, r7);
        var u0 = Avx2.UnpackLow(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
        var u1 = Avx2.UnpackHigh(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
        var u2 = Avx2.UnpackLow(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
        var u3 = Avx2.UnpackHigh(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
        var u4 = Avx2.UnpackLow(t4.AsUInt64(), t6.AsUInt64()).AsUInt32();
        var u5 = Avx2.UnpackHigh(t4.AsUInt64(), t6.AsUInt64()).AsUInt32();
        var u6 = Avx2.UnpackLow(t5.AsUInt64(), t7.AsUInt64()).AsUInt32();
        var u7 = Avx2.UnpackHigh(t5.AsUInt64(), t7.AsUInt64()).AsUInt32();
        r0 = Avx2.Permute2x128(u0, u4, 0x20); r4 = Avx2.Permute2x128(u0, u4, 0x31);
        r1 = Avx2.Permute2x128(u1, u5, 0x20); r5 = Avx2.Permute2x128(u1, u5, 0x31);
        r2 = Avx2.Permute2x128(u2, u6, 0x20); r6 = Avx2.Permute2x128(u2, u6, 0x31);
        r3 = Avx2.Permute2x128(u3, u7, 0x20); r7 = Avx2.Permute2x128(u3, u7, 0x31);
    }
}

/// <summary>Four chunks at once in 128-bit registers (SSE on x64, AdvSIMD on ARM64, plain Vector128 elsewhere).</summary>
internal readonly struct Blake3Lanes128 : IBlake3Lanes<Vector128<uint>>
{
    public static bool IsSupported => Vector128.IsHardwareAccelerated && BitConverter.IsLittleEndian;
    public static int Count => 4;
    public static Vector128<uint> Broadcast(uint value) => Vector128.Create(value);
    public static Vector128<uint> Load(ReadOnlySpan<uint> values) => Vector128.Create(values);
    public static Vector128<uint> Add(Vector128<uint> a, Vector128<uint> b) => a + b;
    public static Vector128<uint> Xor(Vector128<uint> a, Vector128<uint> b) => a ^ b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> RotateRight16(Vector128<uint> x) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 16)
        : Ssse3.IsSupported ? Ssse3.Shuffle(x.AsByte(), Vector128.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)).AsUInt32()
        : (x >>> 16) | (x << 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> RotateRight8(Vector128<uint> x) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 8)
        : Ssse3.IsSupported ? Ssse3.Shuffle(x.AsByte(), Vector128.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12)).AsUInt32()
        : (x >>> 8) | (x << 24);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> RotateRight12(Vector128<uint> x) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 12) : (x >>> 12) | (x << 20);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> RotateRight7(Vector128<uint> x) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, 7) : (x >>> 7) | (x << 25);

    public static void LoadMessage(ref byte source, int blockOffset, int stride, Span<Vector128<uint>> message)
    {
        for (var quarter = 0; quarter < 4; quarter++)
        {
            var offset = (nuint)(blockOffset + 16 * quarter);
            var r0 = Row(ref source, offset, stride, 0); var r1 = Row(ref source, offset, stride, 1);
            var r2 = Row(ref source, offset, stride, 2); var r3 = Row(ref source, offset, stride, 3);
            Transpose(ref r0, ref r1, ref r2, ref r3);
            message[4 * quarter] = r0; message[4 * quarter + 1] = r1;
            message[4 * quarter + 2] = r2; message[4 * quarter + 3] = r3;
        }
    }

    public static void StoreChainingValues(ReadOnlySpan<Vector128<uint>> state, Span<uint> cvs)
    {
        Vector128<uint> a0 = state[0], a1 = state[1], a2 = state[2], a3 = state[3];
        Vector128<uint> b0 = state[4], b1 = state[5], b2 = state[6], b3 = state[7];
        Transpose(ref a0, ref a1, ref a2, ref a3);
        Transpose(ref b0, ref b1, ref b2, ref b3);
        a0.CopyTo(cvs[..4]); b0.CopyTo(cvs[4..8]); a1.CopyTo(cvs[8..12]); b1.CopyTo(cvs[12..16]);
        a2.CopyTo(cvs[16..20]); b2.CopyTo(cvs[20..24]); a3.CopyTo(cvs[24..28]); b3.CopyTo(cvs[28..32]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Row(ref byte source, nuint offset, int stride, int lane) =>
        Vector128.LoadUnsafe(ref source, offset + (nuint)(lane * stride)).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ref Vector128<uint> r0, ref Vector128<uint> r1, ref Vector128<uint> r2, ref Vector128<uint> r3)
    {
        var t0 = ZipLow(r0, r1); var t1 = ZipHigh(r0, r1);
        var t2 = ZipLow(r2, r3); var t3 = ZipHigh(r2, r3);
        r0 = ZipLow(t0.AsUInt64(), t2.AsUInt64()).AsUInt32(); r1 = ZipHigh(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
        r2 = ZipLow(t1.AsUInt64(), t3.AsUInt64()).AsUInt32(); r3 = ZipHigh(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> ZipLow(Vector128<uint> a, Vector128<uint> b) =>
        Sse2.IsSupported ? Sse2.UnpackLow(a, b)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipLow(a, b)
        : Vector128.Create(a[0], b[0], a[1], b[1]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> ZipHigh(Vector128<uint> a, Vector128<uint> b) =>
        Sse2.IsSupported ? Sse2.UnpackHigh(a, b)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipHigh(a, b)
        : Vector128.Create(a[2], b[2], a[3], b[3]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> ZipLow(Vector128<ulong> a, Vector128<ulong> b) =>
        Sse2.IsSupported ? Sse2.UnpackLow(a, b)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipLow(a, b)
        : Vector128.Create(a[0], b[0]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> ZipHigh(Vector128<ulong> a, Vector128<ulong> b) =>
        Sse2.IsSupported ? Sse2.UnpackHigh(a, b)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipHigh(a, b)
        : Vector128.Create(a[1], b[1]);
}
