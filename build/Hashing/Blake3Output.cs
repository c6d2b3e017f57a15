using System.Buffers.Binary;

namespace RedoxBuild.Hashing;

/// <summary>
/// A node whose compression has been prepared but not run: either it becomes a CV for its parent, or, as the root,
/// it is compressed once per 64-byte output block with the ROOT flag and the block index as counter (the XOF).
/// </summary>
internal readonly struct Blake3Output
{
    private readonly Blake3Words8 _inputCv;
    private readonly Blake3Words16 _block;
    private readonly ulong _counter;
    private readonly uint _blockLength;
    private readonly uint _flags;

    public Blake3Output(ReadOnlySpan<uint> inputCv, ReadOnlySpan<uint> block, ulong counter, uint blockLength, uint flags)
    {
        inputCv[..8].CopyTo(_inputCv);
        block[..16].CopyTo(_block);
        _counter = counter;
        _blockLength = blockLength;
        _flags = flags;
    }

    public static Blake3Output Parent(ReadOnlySpan<uint> left, ReadOnlySpan<uint> right, ReadOnlySpan<uint> key, uint flags)
    {
        Span<uint> block = stackalloc uint[16];
        left[..8].CopyTo(block);
        right[..8].CopyTo(block[8..]);
        return new Blake3Output(key, block, 0, Blake3Constants.BlockLength, flags | Blake3Constants.Parent);
    }

    public void ChainingValue(Span<uint> cv) =>
        Blake3Compression.Compress(_inputCv, _block, _counter, _blockLength, _flags, cv[..8]);

    /// <summary>Writes output bytes [seek, seek + output.Length) of the root's extendable output.</summary>
    public void RootBytes(ulong seek, Span<byte> output)
    {
        Span<uint> words = stackalloc uint[16];
        Span<byte> block = stackalloc byte[Blake3Constants.BlockLength];
        var blockIndex = seek / Blake3Constants.BlockLength;
        var offset = (int)(seek % Blake3Constants.BlockLength);
        while (!output.IsEmpty)
        {
            Blake3Compression.Compress(_inputCv, _block, blockIndex, _blockLength, _flags | Blake3Constants.Root, words);
            for (var i = 0; i < 16; i++) BinaryPrimitives.WriteUInt32LittleEndian(block[(4 * i)..], words[i]);
            var take = Math.Min(Blake3Constants.BlockLength - offset, output.Length);
            block.Slice(offset, take).CopyTo(output);
            output = output[take..];
            offset = 0;
            blockIndex++;
        }
    }
}
