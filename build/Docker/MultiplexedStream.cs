using System.Buffers.Binary;
using System.Text;

namespace RedoxBuild.Docker;

/// <summary>
/// The output of a container or exec without a TTY: stdout and stderr interleaved as frames, each behind an 8-byte
/// header (byte 0: 0 stdin, 1 stdout, 2 stderr; bytes 1-3 zero; bytes 4-7 the payload length, big-endian). With a TTY
/// the daemon sends the raw terminal stream instead, which reads here as stdout. Docker.DotNet's shape.
/// </summary>
public sealed class MultiplexedStream : IDisposable
{
    private const int HeaderSize = 8;
    private readonly Stream _stream;
    private readonly bool _multiplexed;
    private readonly byte[] _header = new byte[HeaderSize];
    private int _remaining;
    private TargetStream _target = TargetStream.StandardOut;

    public MultiplexedStream(Stream stream, bool multiplexed)
    {
        _stream = stream;
        _multiplexed = multiplexed;
    }

    public enum TargetStream
    {
        StandardIn = 0,
        StandardOut = 1,
        StandardError = 2,
    }

    /// <summary>Some bytes of one stream; Count 0 means the end of all output.</summary>
    public readonly record struct ReadResult(int Count, TargetStream Target)
    {
        public bool EOF => Count == 0;
    }

    /// <summary>Reads at most <paramref name="count"/> bytes of the current frame (never across frames, so each read has one target).</summary>
    public async Task<ReadResult> ReadOutputAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (!_multiplexed)
            return new ReadResult(await _stream.ReadAsync(buffer.AsMemory(offset, count), cancellationToken), TargetStream.StandardOut);

        while (_remaining == 0)
        {
            if (!await ReadHeaderAsync(cancellationToken)) return new ReadResult(0, _target);
        }
        var read = await _stream.ReadAsync(buffer.AsMemory(offset, Math.Min(count, _remaining)), cancellationToken);
        if (read == 0)
            throw new IOException($"The daemon's output stream ended inside a frame ({_remaining} bytes of {_target} were still due).");
        _remaining -= read;
        return new ReadResult(read, _target);
    }

    /// <summary>All remaining output, decoded as UTF-8 per stream.</summary>
    public async Task<(string stdout, string stderr)> ReadOutputToEndAsync(CancellationToken cancellationToken)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var buffer = new byte[81920];
        while (true)
        {
            var result = await ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            if (result.EOF) break;
            (result.Target == TargetStream.StandardError ? stderr : stdout).Write(buffer, 0, result.Count);
        }
        return (Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    // False at a clean end between frames; a stream that stops inside a header was cut off.
    private async Task<bool> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < HeaderSize)
        {
            var read = await _stream.ReadAsync(_header.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                if (filled == 0) return false;
                throw new IOException($"The daemon's output stream ended inside a frame header ({filled} of {HeaderSize} bytes).");
            }
            filled += read;
        }
        if (_header[0] > 2 || _header[1] != 0 || _header[2] != 0 || _header[3] != 0)
            throw new IOException(
                $"Not a multiplexed stream: a frame header starts {Convert.ToHexString(_header)}. Was the container or exec created with Tty=true? Then read it with tty: true.");
        _target = (TargetStream)_header[0];
        _remaining = checked((int)BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4)));
        return true;
    }

    public void Dispose() => _stream.Dispose();
}
