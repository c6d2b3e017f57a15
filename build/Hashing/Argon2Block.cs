using System.Runtime.CompilerServices;

namespace RedoxBuild.Hashing;

/// <summary>The Argon2 compression function G on 1 KiB blocks of 128 little-endian 64-bit words (RFC 9106 §3.5-3.6).</summary>
internal static class Argon2Block
{
    public const int Words = 128;
    public const int Bytes = 1024;

    /// <summary>
    /// next = G(x, y), or next ^= G(x, y) when <paramref name="xorIntoNext"/> (passes after the first, version 0x13).
    /// <paramref name="next"/> may be the same memory as x or y.
    /// </summary>
    public static void Compress(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> next, bool xorIntoNext)
    {
        Span<ulong> r = stackalloc ulong[Words];
        Span<ulong> q = stackalloc ulong[Words];
        for (var i = 0; i < Words; i++) r[i] = x[i] ^ y[i];
        r.CopyTo(q);

        // P on each row of eight 16-byte registers, i.e. on words 16i..16i+15 ...
        for (var i = 0; i < 8; i++)
        {
            var row = q.Slice(16 * i, 16);
            P(ref row[0], ref row[1], ref row[2], ref row[3], ref row[4], ref row[5], ref row[6], ref row[7],
              ref row[8], ref row[9], ref row[10], ref row[11], ref row[12], ref row[13], ref row[14], ref row[15]);
        }
        // ... then on each column: register i of every row, i.e. words (2i, 2i+1) + 16k for k = 0..7.
        for (var i = 0; i < 8; i++)
        {
            var c = 2 * i;
            P(ref q[c], ref q[c + 1], ref q[c + 16], ref q[c + 17], ref q[c + 32], ref q[c + 33], ref q[c + 48], ref q[c + 49],
              ref q[c + 64], ref q[c + 65], ref q[c + 80], ref q[c + 81], ref q[c + 96], ref q[c + 97], ref q[c + 112], ref q[c + 113]);
        }

        if (xorIntoNext)
            for (var i = 0; i < Words; i++) next[i] ^= q[i] ^ r[i];
        else
            for (var i = 0; i < Words; i++) next[i] = q[i] ^ r[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void P(
        ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3, ref ulong v4, ref ulong v5, ref ulong v6, ref ulong v7,
        ref ulong v8, ref ulong v9, ref ulong v10, ref ulong v11, ref ulong v12, ref ulong v13, ref ulong v14, ref ulong v15)
    {
        GB(ref v0, ref v4, ref v8, ref v12);
        GB(ref v1, ref v5, ref v9, ref v13);
        GB(ref v2, ref v6, ref v10, ref v14);
        GB(ref v3, ref v7, ref v11, ref v15);
        GB(ref v0, ref v5, ref v10, ref v15);
        GB(ref v1, ref v6, ref v11, ref v12);
        GB(ref v2, ref v7, ref v8, ref v13);
        GB(ref v3, ref v4, ref v9, ref v14);
    }

    /// <summary>BLAKE2b's G without message words, where each addition also adds 2 * lo32(a) * lo32(b) (BlaMka).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GB(ref ulong a, ref ulong b, ref ulong c, ref ulong d)
    {
        a = a + b + 2 * (ulong)(uint)a * (uint)b;
        d = ulong.RotateRight(d ^ a, 32);
        c = c + d + 2 * (ulong)(uint)c * (uint)d;
        b = ulong.RotateRight(b ^ c, 24);
        a = a + b + 2 * (ulong)(uint)a * (uint)b;
        d = ulong.RotateRight(d ^ a, 16);
        c = c + d + 2 * (ulong)(uint)c * (uint)d;
        b = ulong.RotateRight(b ^ c, 63);
    }
}
