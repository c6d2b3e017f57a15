using Microsoft.Win32.SafeHandles;

namespace RedoxBuild.Image.Disk;

/// <summary>Positional writes into an image; the regions never written are expected to read as zeros (a fresh or truncated file).</summary>
internal interface IBlockSink
{
    void Write(long offset, ReadOnlySpan<byte> data);
}

internal sealed class FileHandleSink(SafeFileHandle handle) : IBlockSink
{
    public void Write(long offset, ReadOnlySpan<byte> data) => RandomAccess.Write(handle, data, offset);
}

internal sealed class StreamSink(Stream stream) : IBlockSink
{
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        stream.Position = offset;
        stream.Write(data);
    }
}

/// <summary>
/// Writes only the 64 KiB blocks that hold a non-zero byte, merging neighbours into one write, so zero runs stay
/// holes in a sparse file. Blocks count from the start of <c>data</c>, which callers keep 64 KiB-aligned.
/// </summary>
internal static class SparseWrite
{
    public const int BlockSize = 64 * 1024;

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/>, skipping all-zero blocks; returns the bytes actually written.</summary>
    public static long NonZero(IBlockSink sink, long offset, ReadOnlySpan<byte> data)
    {
        long written = 0;
        var runStart = -1;
        for (var pos = 0; pos < data.Length; pos += BlockSize)
        {
            var block = data.Slice(pos, Math.Min(BlockSize, data.Length - pos));
            var zero = !block.ContainsAnyExcept((byte)0);
            if (!zero && runStart < 0) runStart = pos;
            if (zero && runStart >= 0)
            {
                sink.Write(offset + runStart, data[runStart..pos]);
                written += pos - runStart;
                runStart = -1;
            }
        }
        if (runStart >= 0)
        {
            sink.Write(offset + runStart, data[runStart..]);
            written += data.Length - runStart;
        }
        return written;
    }
}
