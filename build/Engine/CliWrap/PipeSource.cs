using System.Text;

namespace RedoxBuild.CliWrap;

/// <summary>Where a command's standard input comes from. The runner closes stdin once the source is exhausted.</summary>
public abstract class PipeSource
{
    private static readonly Encoding Utf8WithoutBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>No input: stdin is closed at once, so a child reading it sees end-of-file immediately.</summary>
    public static PipeSource Null { get; } = new DelegatePipeSource((_, _) => Task.CompletedTask);

    /// <summary>Writes everything this source provides into <paramref name="destination"/>.</summary>
    public abstract Task CopyToAsync(Stream destination, CancellationToken cancellationToken = default);

    /// <summary>A source defined by a delegate.</summary>
    public static PipeSource Create(Func<Stream, CancellationToken, Task> copyToAsync)
    {
        ArgumentNullException.ThrowIfNull(copyToAsync);
        return new DelegatePipeSource(copyToAsync);
    }

    /// <summary>Copies the stream (from its current position); with <paramref name="autoFlush"/> every chunk is flushed at once.</summary>
    public static PipeSource FromStream(Stream stream, bool autoFlush = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Create((destination, ct) => StreamCopy.CopyAsync(stream, destination, autoFlush, ct));
    }

    /// <summary>The contents of a file, opened when the command starts.</summary>
    public static PipeSource FromFile(string filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        return Create(async (destination, ct) =>
        {
            await using var file = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await StreamCopy.CopyAsync(file, destination, autoFlush: false, ct).ConfigureAwait(false);
        });
    }

    /// <summary>The given bytes.</summary>
    public static PipeSource FromBytes(ReadOnlyMemory<byte> data) =>
        Create(async (destination, ct) => await destination.WriteAsync(data, ct).ConfigureAwait(false));

    /// <summary>The given bytes (copied, so later changes to the array do not change the command).</summary>
    public static PipeSource FromBytes(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromBytes(new ReadOnlyMemory<byte>([.. data]));
    }

    /// <summary>The text, encoded with <paramref name="encoding"/> (no byte order mark is written).</summary>
    public static PipeSource FromString(string text, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(encoding);
        return FromBytes(new ReadOnlyMemory<byte>(encoding.GetBytes(text)));
    }

    /// <summary>The text, encoded as UTF-8 without a byte order mark.</summary>
    public static PipeSource FromString(string text) => FromString(text, Utf8WithoutBom);

    /// <summary>The standard output of another command, which runs for as long as this pipe is read (like <c>a | b</c>).</summary>
    public static PipeSource FromCommand(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Create(async (destination, ct) =>
            await command.WithStandardOutputPipe(PipeTarget.ToStream(destination)).ExecuteAsync(ct).ConfigureAwait(false));
    }

    private sealed class DelegatePipeSource(Func<Stream, CancellationToken, Task> copyToAsync) : PipeSource
    {
        public override Task CopyToAsync(Stream destination, CancellationToken cancellationToken = default) =>
            copyToAsync(destination, cancellationToken);
    }
}

internal static class StreamCopy
{
    public const int BufferSize = 81920;

    /// <summary>Like Stream.CopyToAsync, but can flush after every chunk so a pipe reader sees output as it is produced.</summary>
    public static async Task CopyAsync(Stream source, Stream destination, bool autoFlush, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            if (autoFlush)
                await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
