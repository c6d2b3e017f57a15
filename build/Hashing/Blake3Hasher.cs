using System.Numerics;
using System.Text;

namespace RedoxBuild.Hashing;

/// <summary>
/// Incremental BLAKE3 (hash, keyed_hash and derive_key modes) with extendable output. Feed it with
/// <see cref="Update"/>; <see cref="Finalize(Span{byte})"/> does not change the state, so more input may follow.
/// Not thread-safe; <see cref="UpdateParallel"/> spreads one large input over the thread pool.
/// </summary>
public sealed class Blake3Hasher
{
    private readonly Blake3Engine _engine;
    private readonly uint[] _cvStack = new uint[Blake3Constants.MaxStackDepth * 8];
    private int _stackLength;

    // The current chunk: its CV so far, the unhashed tail block and how many blocks are already compressed.
    // The tail block is kept even when full, because only later input proves it is not the last one.
    private readonly uint[] _chunkCv = new uint[8];
    private readonly byte[] _block = new byte[Blake3Constants.BlockLength];
    private int _blockLength;
    private int _blocksCompressed;
    private ulong _chunkCounter;

    private Blake3Hasher(Blake3Engine engine)
    {
        _engine = engine;
        Reset();
    }

    /// <summary>Plain BLAKE3 hashing.</summary>
    public static Blake3Hasher New() => New(Blake3Backend.Auto);

    /// <summary>keyed_hash mode: a MAC/PRF under a 32-byte key.</summary>
    public static Blake3Hasher NewKeyed(ReadOnlySpan<byte> key) => NewKeyed(key, Blake3Backend.Auto);

    /// <summary>derive_key mode: the key material is fed with <see cref="Update"/>; the context should be a fixed, unique string.</summary>
    public static Blake3Hasher NewDeriveKey(string context) => NewDeriveKey(context, Blake3Backend.Auto);

    internal static Blake3Hasher New(Blake3Backend backend) =>
        new(new Blake3Engine(Blake3Constants.IV, 0, backend));

    internal static Blake3Hasher NewKeyed(ReadOnlySpan<byte> key, Blake3Backend backend)
    {
        if (key.Length != Blake3Constants.KeyLength)
            throw new ArgumentException($"A BLAKE3 key is exactly {Blake3Constants.KeyLength} bytes; got {key.Length}.", nameof(key));
        Span<uint> words = stackalloc uint[16];
        Blake3Compression.LoadBlock(key, words);
        return new(new Blake3Engine(words[..8], Blake3Constants.KeyedHash, backend));
    }

    internal static Blake3Hasher NewDeriveKey(string context, Blake3Backend backend)
    {
        ArgumentNullException.ThrowIfNull(context);
        var contextHasher = new Blake3Hasher(new Blake3Engine(Blake3Constants.IV, Blake3Constants.DeriveKeyContext, backend));
        contextHasher.Update(Encoding.UTF8.GetBytes(context));
        Span<byte> contextKey = stackalloc byte[Blake3Constants.KeyLength];
        contextHasher.Finalize(contextKey);
        Span<uint> words = stackalloc uint[16];
        Blake3Compression.LoadBlock(contextKey, words);
        return new(new Blake3Engine(words[..8], Blake3Constants.DeriveKeyMaterial, backend));
    }

    internal Blake3Backend Backend => _engine.Backend;

    public void Update(ReadOnlySpan<byte> input) => UpdateCore(input, ReadOnlyMemory<byte>.Empty, parallel: false);

    /// <summary>As <see cref="Update"/>, hashing large aligned subtrees of <paramref name="input"/> on several threads.</summary>
    public void UpdateParallel(ReadOnlyMemory<byte> input) => UpdateCore(input.Span, input, parallel: true);

    /// <summary>Writes the first <paramref name="output"/>.Length bytes of the output (32 is the standard length; any length works).</summary>
    public void Finalize(Span<byte> output) => FinalizeXof(0, output);

    /// <summary>Writes output bytes starting at position <paramref name="seek"/> of the extendable output stream.</summary>
    public void FinalizeXof(ulong seek, Span<byte> output)
    {
        var node = ChunkOutput();
        Span<uint> cv = stackalloc uint[8];
        for (var i = _stackLength - 1; i >= 0; i--)
        {
            node.ChainingValue(cv);
            node = Blake3Output.Parent(_cvStack.AsSpan(8 * i, 8), cv, _engine.Key, _engine.Flags);
        }
        node.RootBytes(seek, output);
    }

    /// <summary>The standard 32-byte hash of everything fed so far.</summary>
    public byte[] GetCurrentHash()
    {
        var hash = new byte[Blake3Constants.OutLength];
        Finalize(hash);
        return hash;
    }

    /// <summary>Forgets all input; the key and mode stay.</summary>
    public void Reset()
    {
        _stackLength = 0;
        StartChunk(0);
    }

    private void UpdateCore(ReadOnlySpan<byte> input, ReadOnlyMemory<byte> memory, bool parallel)
    {
        var position = 0;
        Span<uint> cv = stackalloc uint[8];
        while (position < input.Length)
        {
            if (CurrentChunkLength == Blake3Constants.ChunkLength)
            {
                // More input follows, so the full chunk is not the root and can join the tree.
                ChunkOutput().ChainingValue(cv);
                PushCv(cv, 1);
            }

            var remaining = input.Length - position;
            if (CurrentChunkLength == 0 && remaining > Blake3Constants.ChunkLength)
            {
                position += HashWholeSubtree(input[position..], memory, position, parallel);
                continue;
            }

            var take = Math.Min(Blake3Constants.ChunkLength - CurrentChunkLength, remaining);
            AppendToChunk(input.Slice(position, take));
            position += take;
        }
    }

    /// <summary>
    /// Hashes the largest power-of-two run of whole chunks that starts at a multiple of its own size in the tree
    /// and is followed by at least one more byte (so it cannot be the root). Returns the bytes consumed.
    /// </summary>
    private int HashWholeSubtree(ReadOnlySpan<byte> input, ReadOnlyMemory<byte> memory, int position, bool parallel)
    {
        var available = (ulong)((input.Length - 1) / Blake3Constants.ChunkLength);
        var chunks = 1UL << BitOperations.Log2(available);
        while (_chunkCounter % chunks != 0) chunks >>= 1;
        var bytes = (int)chunks * Blake3Constants.ChunkLength;

        Span<uint> cv = stackalloc uint[8];
        if (parallel) _engine.SubtreeCvParallel(memory.Slice(position, bytes), _chunkCounter, cv);
        else _engine.SubtreeCv(input[..bytes], _chunkCounter, cv);
        PushCv(cv, chunks);
        return bytes;
    }

    /// <summary>
    /// Adds a finished subtree of <paramref name="chunks"/> chunks. Subtrees are pushed only when more input
    /// follows, so merging eagerly is safe: afterwards the stack holds one CV per set bit of the chunk count.
    /// </summary>
    private void PushCv(ReadOnlySpan<uint> cv, ulong chunks)
    {
        cv[..8].CopyTo(_cvStack.AsSpan(8 * _stackLength, 8));
        _stackLength++;
        var counter = _chunkCounter + chunks;
        while (_stackLength > BitOperations.PopCount(counter))
        {
            var pair = _cvStack.AsSpan(8 * (_stackLength - 2), 16);
            Blake3Compression.ParentCv(pair, _engine.Key, _engine.Flags, pair[..8]);
            _stackLength--;
        }
        StartChunk(counter);
    }

    private int CurrentChunkLength => _blocksCompressed * Blake3Constants.BlockLength + _blockLength;

    private void StartChunk(ulong counter)
    {
        _chunkCounter = counter;
        _engine.Key.CopyTo(_chunkCv);
        Array.Clear(_block);
        _blockLength = 0;
        _blocksCompressed = 0;
    }

    private void AppendToChunk(ReadOnlySpan<byte> input)
    {
        Span<uint> words = stackalloc uint[16];
        while (!input.IsEmpty)
        {
            if (_blockLength == Blake3Constants.BlockLength)
            {
                Blake3Compression.LoadBlock(_block, words);
                Blake3Compression.Compress(_chunkCv, words, _chunkCounter, Blake3Constants.BlockLength, StartFlag(), _chunkCv);
                _blocksCompressed++;
                _blockLength = 0;
                Array.Clear(_block);
            }
            var take = Math.Min(Blake3Constants.BlockLength - _blockLength, input.Length);
            input[..take].CopyTo(_block.AsSpan(_blockLength));
            _blockLength += take;
            input = input[take..];
        }
    }

    private uint StartFlag() => _engine.Flags | (_blocksCompressed == 0 ? Blake3Constants.ChunkStart : 0);

    private Blake3Output ChunkOutput()
    {
        Span<uint> words = stackalloc uint[16];
        Blake3Compression.LoadBlock(_block, words);
        return new Blake3Output(_chunkCv, words, _chunkCounter, (uint)_blockLength, StartFlag() | Blake3Constants.ChunkEnd);
    }
}
