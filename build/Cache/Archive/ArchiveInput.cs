using System.Buffers.Binary;

namespace RedoxBuild.Cache.Archive;

/// <summary>
/// Reads an archive while hashing it, and refuses to read past the size the entry recorded, so a hostile or damaged
/// blob can neither run the extractor out of disk nor be accepted without its digest being checked.
/// </summary>
internal sealed class ArchiveInput(Stream input, long? sizeLimit) : IAsyncDisposable
{
    private readonly HashingStream _hashing = new(new BufferedStream(input, 1 << 16), leaveOpen: true);
    private readonly byte[] _scratch = new byte[8];

    public long Position => _hashing.BytesHashed;

    public string CurrentSha256() => _hashing.CurrentHex();

    public async ValueTask<byte> ReadByteAsync(CancellationToken cancellationToken) =>
        (await ReadFixedAsync(1, cancellationToken)).Span[0];

    public async ValueTask<uint> ReadUInt32Async(CancellationToken cancellationToken) =>
        BinaryPrimitives.ReadUInt32LittleEndian((await ReadFixedAsync(4, cancellationToken)).Span);

    public async ValueTask<ulong> ReadUInt64Async(CancellationToken cancellationToken) =>
        BinaryPrimitives.ReadUInt64LittleEndian((await ReadFixedAsync(8, cancellationToken)).Span);

    public async ValueTask<byte[]> ReadBytesAsync(int count, CancellationToken cancellationToken)
    {
        var bytes = new byte[count];
        await FillAsync(bytes, cancellationToken);
        return bytes;
    }

    /// <summary>Copies exactly <paramref name="count"/> bytes to <paramref name="destination"/>.</summary>
    public async Task CopyToAsync(Stream destination, long count, byte[] buffer, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var chunk = buffer.AsMemory(0, (int)Math.Min(buffer.Length, count));
            await FillAsync(chunk, cancellationToken);
            await destination.WriteAsync(chunk, cancellationToken);
            count -= chunk.Length;
        }
    }

    /// <summary>True when the stream has no more bytes (trailing data after the end marker is damage).</summary>
    public async ValueTask<bool> AtEndAsync(CancellationToken cancellationToken) =>
        await _hashing.ReadAsync(_scratch.AsMemory(0, 1), cancellationToken) == 0;

    private async ValueTask<ReadOnlyMemory<byte>> ReadFixedAsync(int count, CancellationToken cancellationToken)
    {
        var slice = _scratch.AsMemory(0, count);
        await FillAsync(slice, cancellationToken);
        return slice;
    }

    private async ValueTask FillAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (sizeLimit is { } limit && Position + buffer.Length > limit)
            throw new ArchiveFormatException($"The archive is longer than its recorded size of {limit} bytes.");
        try
        {
            await _hashing.ReadExactlyAsync(buffer, cancellationToken);
        }
        catch (EndOfStreamException)
        {
            throw new ArchiveFormatException($"The archive is truncated at byte {Position}.");
        }
    }

    public ValueTask DisposeAsync() => _hashing.DisposeAsync();
}
