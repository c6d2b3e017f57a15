using System.Runtime.CompilerServices;

namespace RedoxBuild.Hashing;

/// <summary>Fixed numbers of the BLAKE3 specification (section 2 of the paper).</summary>
internal static class Blake3Constants
{
    public const int KeyLength = 32;
    public const int OutLength = 32;
    public const int BlockLength = 64;
    public const int ChunkLength = 1024;
    public const int BlocksPerChunk = ChunkLength / BlockLength;

    /// <summary>2^64 bytes of input is at most 2^54 chunks, so the CV stack never holds more than 54 subtrees.</summary>
    public const int MaxStackDepth = 54;

    public const uint ChunkStart = 1 << 0;
    public const uint ChunkEnd = 1 << 1;
    public const uint Parent = 1 << 2;
    public const uint Root = 1 << 3;
    public const uint KeyedHash = 1 << 4;
    public const uint DeriveKeyContext = 1 << 5;
    public const uint DeriveKeyMaterial = 1 << 6;

    /// <summary>The SHA-256 initial hash words, which BLAKE3 reuses as its IV.</summary>
    public static ReadOnlySpan<uint> IV =>
    [
        0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
    ];
}

/// <summary>Eight 32-bit words: a chaining value or a key, kept inline so hashers and tasks copy it without allocating.</summary>
[InlineArray(8)]
internal struct Blake3Words8
{
    private uint _first;
}

/// <summary>Sixteen 32-bit words: one 64-byte message block, or a full 64-byte compression output.</summary>
[InlineArray(16)]
internal struct Blake3Words16
{
    private uint _first;
}
