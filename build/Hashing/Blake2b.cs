using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace RedoxBuild.Hashing;

/// <summary>
/// BLAKE2b (RFC 7693): 1..64-byte digests, optional 0..64-byte key. Argon2 builds on it (H0 and H').
/// <see cref="Finalize"/> does not change the state, so more input may follow.
/// </summary>
public sealed class Blake2b
{
    public const int MaxOutputLength = 64;
    public const int MaxKeyLength = 64;
    public const int BlockLength = 128;

    /// <summary>The SHA-512 initial hash words, which BLAKE2b reuses as its IV.</summary>
    private static ReadOnlySpan<ulong> IV =>
    [
        0x6A09E667F3BCC908, 0xBB67AE8584CAA73B, 0x3C6EF372FE94F82B, 0xA54FF53A5F1D36F1,
        0x510E527FADE682D1, 0x9B05688C2B3E6C1F, 0x1F83D9ABFB41BD6B, 0x5BE0CD19137E2179,
    ];

    /// <summary>Message word order per round (RFC 7693 §2.7); rounds 10 and 11 reuse rows 0 and 1.</summary>
    private static ReadOnlySpan<byte> Sigma =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    ];

    private readonly ulong[] _h = new ulong[8];
    private readonly byte[] _key;
    // The buffered block is kept even when full: only more input proves it is not the final block.
    private readonly byte[] _buffer = new byte[BlockLength];
    private int _bufferLength;
    private UInt128 _bytesCompressed;

    public Blake2b(int outputLength = MaxOutputLength, ReadOnlySpan<byte> key = default)
    {
        if (outputLength is < 1 or > MaxOutputLength)
            throw new ArgumentOutOfRangeException(nameof(outputLength), outputLength, $"BLAKE2b output is 1..{MaxOutputLength} bytes.");
        if (key.Length > MaxKeyLength)
            throw new ArgumentException($"A BLAKE2b key is at most {MaxKeyLength} bytes; got {key.Length}.", nameof(key));
        OutputLength = outputLength;
        _key = key.ToArray();
        Reset();
    }

    public int OutputLength { get; }

    public static byte[] HashData(ReadOnlySpan<byte> source, int outputLength = MaxOutputLength)
    {
        var digest = new byte[outputLength];
        HashData(default, source, digest);
        return digest;
    }

    /// <summary>Hashes <paramref name="source"/> into a digest of destination.Length bytes (1..64); an empty key means unkeyed.</summary>
    public static void HashData(ReadOnlySpan<byte> key, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var hasher = new Blake2b(destination.Length, key);
        hasher.Update(source);
        hasher.Finalize(destination);
    }

    public void Reset()
    {
        IV.CopyTo(_h);
        // Parameter block of sequential hashing: digest length, key length, fanout 1, depth 1.
        _h[0] ^= 0x01010000UL ^ ((ulong)_key.Length << 8) ^ (ulong)OutputLength;
        _bytesCompressed = 0;
        Array.Clear(_buffer);
        _bufferLength = 0;
        if (_key.Length > 0)
        {
            _key.CopyTo(_buffer, 0);
            _bufferLength = BlockLength;
        }
    }

    public void Update(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_bufferLength == BlockLength)
            {
                _bytesCompressed += BlockLength;
                Compress(_h, _buffer, _bytesCompressed, last: false);
                _bufferLength = 0;
            }
            var take = Math.Min(BlockLength - _bufferLength, data.Length);
            data[..take].CopyTo(_buffer.AsSpan(_bufferLength));
            _bufferLength += take;
            data = data[take..];
        }
    }

    /// <summary>Writes the <see cref="OutputLength"/>-byte digest of everything fed so far.</summary>
    public void Finalize(Span<byte> destination)
    {
        if (destination.Length < OutputLength)
            throw new ArgumentException($"The destination holds {destination.Length} bytes; this BLAKE2b digest is {OutputLength}.", nameof(destination));
        Span<ulong> h = stackalloc ulong[8];
        _h.CopyTo(h);
        Span<byte> last = stackalloc byte[BlockLength];
        last.Clear();
        _buffer.AsSpan(0, _bufferLength).CopyTo(last);
        Compress(h, last, _bytesCompressed + (UInt128)_bufferLength, last: true);

        Span<byte> full = stackalloc byte[MaxOutputLength];
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt64LittleEndian(full[(8 * i)..], h[i]);
        full[..OutputLength].CopyTo(destination);
        CryptographicOperations.ZeroMemory(full);
    }

    private static void Compress(Span<ulong> h, ReadOnlySpan<byte> block, UInt128 counter, bool last)
    {
        Span<ulong> m = stackalloc ulong[16];
        for (var i = 0; i < 16; i++) m[i] = BinaryPrimitives.ReadUInt64LittleEndian(block[(8 * i)..]);

        ulong v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3], v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
        ulong v8 = IV[0], v9 = IV[1], v10 = IV[2], v11 = IV[3];
        ulong v12 = IV[4] ^ (ulong)counter, v13 = IV[5] ^ (ulong)(counter >> 64);
        ulong v14 = last ? ~IV[6] : IV[6], v15 = IV[7];

        var sigma = Sigma;
        for (var round = 0; round < 12; round++)
        {
            var s = sigma.Slice(16 * (round % 10), 16);
            G(ref v0, ref v4, ref v8, ref v12, m[s[0]], m[s[1]]);
            G(ref v1, ref v5, ref v9, ref v13, m[s[2]], m[s[3]]);
            G(ref v2, ref v6, ref v10, ref v14, m[s[4]], m[s[5]]);
            G(ref v3, ref v7, ref v11, ref v15, m[s[6]], m[s[7]]);
            G(ref v0, ref v5, ref v10, ref v15, m[s[8]], m[s[9]]);
            G(ref v1, ref v6, ref v11, ref v12, m[s[10]], m[s[11]]);
            G(ref v2, ref v7, ref v8, ref v13, m[s[12]], m[s[13]]);
            G(ref v3, ref v4, ref v9, ref v14, m[s[14]], m[s[15]]);
        }

        h[0] ^= v0 ^ v8; h[1] ^= v1 ^ v9; h[2] ^= v2 ^ v10; h[3] ^= v3 ^ v11;
        h[4] ^= v4 ^ v12; h[5] ^= v5 ^ v13; h[6] ^= v6 ^ v14; h[7] ^= v7 ^ v15;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref ulong a, ref ulong b, ref ulong c, ref ulong d, ulong x, ulong y)
    {
        a = a + b + x;
        d = BitOperations.RotateRight(d ^ a, 32);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 24);
        a = a + b + y;
        d = BitOperations.RotateRight(d ^ a, 16);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 63);
    }
}
