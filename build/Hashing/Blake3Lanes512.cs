using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RedoxBuild.Hashing;

/// <summary>
/// Sixteen chunks at once in 512-bit registers (AVX-512F). The transposes reuse the AVX2 8x8 one per half, because
/// chunks 0-7 and 8-15 are independent and joining two 256-bit halves costs one instruction.
/// </summary>
internal readonly struct Blake3Lanes512 : IBlake3Lanes<Vector512<uint>>
{
    public static bool IsSupported => Avx512F.IsSupported && Avx2.IsSupported && BitConverter.IsLittleEndian;
    public static int Count => 16;
    public static Vector512<uint> Broadcast(uint value) => Vector512.Create(value);
    public static Vector512<uint> Load(ReadOnlySpan<uint> values) => Vector512.Create(values);
    public static Vector512<uint> Add(Vector512<uint> a, Vector512<uint> b) => a + b;
    public static Vector512<uint> Xor(Vector512<uint> a, Vector512<uint> b) => a ^ b;
    public static Vector512<uint> RotateRight16(Vector512<uint> x) => Avx512F.RotateRight(x, 16);
    public static Vector512<uint> RotateRight12(Vector512<uint> x) => Avx512F.RotateRight(x, 12);
    public static Vector512<uint> RotateRight8(Vector512<uint> x) => Avx512F.RotateRight(x, 8);
    public static Vector512<uint> RotateRight7(Vector512<uint> x) => Avx512F.RotateRight(x, 7);

    public static void LoadMessage(ref byte source, int blockOffset, int stride, Span<Vector512<uint>> message)
    {
        for (var half = 0; half < 2; half++)
        {
            var offset = (nuint)(blockOffset + 32 * half);
            ref var upper = ref Unsafe.Add(ref source, 8 * stride);
            LoadEight(ref source, offset, stride, out var l0, out var l1, out var l2, out var l3, out var l4, out var l5, out var l6, out var l7);
            LoadEight(ref upper, offset, stride, out var h0, out var h1, out var h2, out var h3, out var h4, out var h5, out var h6, out var h7);
            var words = message.Slice(8 * half, 8);
            words[0] = Vector512.Create(l0, h0); words[1] = Vector512.Create(l1, h1);
            words[2] = Vector512.Create(l2, h2); words[3] = Vector512.Create(l3, h3);
            words[4] = Vector512.Create(l4, h4); words[5] = Vector512.Create(l5, h5);
            words[6] = Vector512.Create(l6, h6); words[7] = Vector512.Create(l7, h7);
        }
    }

    public static void StoreChainingValues(ReadOnlySpan<Vector512<uint>> state, Span<uint> cvs)
    {
        StoreEight(state, lower: true, cvs[..64]);
        StoreEight(state, lower: false, cvs[64..128]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadEight(ref byte source, nuint offset, int stride,
        out Vector256<uint> r0, out Vector256<uint> r1, out Vector256<uint> r2, out Vector256<uint> r3,
        out Vector256<uint> r4, out Vector256<uint> r5, out Vector256<uint> r6, out Vector256<uint> r7)
    {
        r0 = Row(ref source, offset, stride, 0); r1 = Row(ref source, offset, stride, 1); r2 = Row(ref source, offset, stride, 2); r3 = Row(ref source, offset, stride, 3);
        r4 = Row(ref source, offset, stride, 4); r5 = Row(ref source, offset, stride, 5); r6 = Row(ref source, offset, stride, 6); r7 = Row(ref source, offset, stride, 7);
        Blake3Lanes256.Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
    }

    private static void StoreEight(ReadOnlySpan<Vector512<uint>> state, bool lower, Span<uint> cvs)
    {
        Span<Vector256<uint>> halves = stackalloc Vector256<uint>[8];
        for (var i = 0; i < 8; i++) halves[i] = lower ? state[i].GetLower() : state[i].GetUpper();
        Vector256<uint> r0 = halves[0], r1 = halves[1], r2 = halves[2], r3 = halves[3];
        Vector256<uint> r4 = halves[4], r5 = halves[5], r6 = halves[6], r7 = halves[7];
        Blake3Lanes256.Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        r0.CopyTo(cvs[..8]); r1.CopyTo(cvs[8..16]); r2.CopyTo(cvs[16..24]); r3.CopyTo(cvs[24..32]);
        r4.CopyTo(cvs[32..40]); r5.CopyTo(cvs[40..48]); r6.CopyTo(cvs[48..56]); r7.CopyTo(cvs[56..64]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Row(ref byte source, nuint offset, int stride, int lane) =>
        Vector256.LoadUnsafe(ref source, offset + (nuint)(lane * stride)).AsUInt32();
}
