using System.Text;

namespace RedoxBuild.CliWrap;

/// <summary>Where a command's standard output or standard error goes. A target reads its stream to the end.</summary>
public abstract class PipeTarget
{
    private static readonly Encoding Utf8WithoutBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Discards the output. The stream is still read to the end, so a child writing a lot never blocks on a full
    /// pipe and never sees EPIPE.
    /// </summary>
    public static PipeTarget Null { get; } = new DelegatePipeTarget((source, ct) => source.CopyToAsync(Stream.Null, ct));

    /// <summary>Reads everything from <paramref name="source"/>.</summary>
    public abstract Task CopyFromAsync(Stream source, CancellationToken cancellationToken = default);

    /// <summary>A target defined by a delegate; it should read the stream to the end.</summary>
    public static PipeTarget Create(Func<Stream, CancellationToken, Task> copyFromAsync)
    {
        ArgumentNullException.ThrowIfNull(copyFromAsync);
        return new DelegatePipeTarget(copyFromAsync);
    }

    /// <summary>Copies the bytes into <paramref name="stream"/> (left open); with <paramref name="autoFlush"/> every chunk is flushed.</summary>
    public static PipeTarget ToStream(Stream stream, bool autoFlush = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Create((source, ct) => StreamCopy.CopyAsync(source, stream, autoFlush, ct));
    }

    /// <summary>Writes the bytes to a file, created (or truncated) when the command starts.</summary>
    public static PipeTarget ToFile(string filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        return Create(async (source, ct) =>
        {
            await using var file = new FileStream(filePath, FileMode.Create, FileAccess.Write, FileShare.Read, StreamCopy.BufferSize, useAsync: true);
            await StreamCopy.CopyAsync(source, file, autoFlush: false, ct).ConfigureAwait(false);
        });
    }

    /// <summary>Appends the decoded text, unchanged (line endings included), to <paramref name="stringBuilder"/>.</summary>
    public static PipeTarget ToStringBuilder(StringBuilder stringBuilder, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(stringBuilder);
        ArgumentNullException.ThrowIfNull(encoding);
        return Create(async (source, ct) =>
        {
            using var reader = OpenReader(source, encoding);
            var buffer = new char[4096];
            int read;
            while ((read = await reader.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                stringBuilder.Append(buffer, 0, read);
        });
    }

    /// <summary>Appends the text, decoded as UTF-8, to <paramref name="stringBuilder"/>.</summary>
    public static PipeTarget ToStringBuilder(StringBuilder stringBuilder) => ToStringBuilder(stringBuilder, Utf8WithoutBom);

    /// <summary>Calls <paramref name="handleLineAsync"/> for each line (without its line ending), in order, one at a time.</summary>
    public static PipeTarget ToDelegate(Func<string, CancellationToken, Task> handleLineAsync, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(handleLineAsync);
        ArgumentNullException.ThrowIfNull(encoding);
        return Create(async (source, ct) =>
        {
            using var reader = OpenReader(source, encoding);
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
                await handleLineAsync(line, ct).ConfigureAwait(false);
        });
    }

    /// <summary>Calls <paramref name="handleLineAsync"/> for each UTF-8 line, in order, one at a time.</summary>
    public static PipeTarget ToDelegate(Func<string, CancellationToken, Task> handleLineAsync) => ToDelegate(handleLineAsync, Utf8WithoutBom);

    /// <summary>Calls <paramref name="handleLineAsync"/> for each line, in order, one at a time.</summary>
    public static PipeTarget ToDelegate(Func<string, Task> handleLineAsync, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(handleLineAsync);
        return ToDelegate((line, _) => handleLineAsync(line), encoding);
    }

    /// <summary>Calls <paramref name="handleLineAsync"/> for each UTF-8 line, in order, one at a time.</summary>
    public static PipeTarget ToDelegate(Func<string, Task> handleLineAsync) => ToDelegate(handleLineAsync, Utf8WithoutBom);

    /// <summary>Calls <paramref name="handleLine"/> for each line, in order.</summary>
    public static PipeTarget ToDelegate(Action<string> handleLine, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(handleLine);
        return ToDelegate((line, _) =>
        {
            handleLine(line);
            return Task.CompletedTask;
        }, encoding);
    }

    /// <summary>Calls <paramref name="handleLine"/> for each UTF-8 line, in order.</summary>
    public static PipeTarget ToDelegate(Action<string> handleLine) => ToDelegate(handleLine, Utf8WithoutBom);

    /// <summary>Sends the same bytes to every target (like <c>tee</c>); the slowest target sets the pace.</summary>
    public static PipeTarget Merge(IEnumerable<PipeTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var useful = targets.Select(t => t ?? throw new ArgumentException("Merge received a null target.", nameof(targets)))
            .Where(t => !ReferenceEquals(t, Null))
            .ToArray();
        return useful.Length switch
        {
            0 => Null,
            1 => useful[0],
            _ => new MergedPipeTarget(useful),
        };
    }

    /// <summary>Sends the same bytes to every target.</summary>
    public static PipeTarget Merge(params PipeTarget[] targets) => Merge((IEnumerable<PipeTarget>)targets);

    private static StreamReader OpenReader(Stream source, Encoding encoding) =>
        new(source, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);

    private sealed class DelegatePipeTarget(Func<Stream, CancellationToken, Task> copyFromAsync) : PipeTarget
    {
        public override Task CopyFromAsync(Stream source, CancellationToken cancellationToken = default) =>
            copyFromAsync(source, cancellationToken);
    }
}
