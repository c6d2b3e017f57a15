using System.IO.Pipelines;

namespace RedoxBuild.CliWrap;

/// <summary>Fans one stream out to several targets, each reading its own in-memory pipe at its own pace.</summary>
internal sealed class MergedPipeTarget(IReadOnlyList<PipeTarget> targets) : PipeTarget
{
    public override async Task CopyFromAsync(Stream source, CancellationToken cancellationToken = default)
    {
        var pipes = targets.Select(_ => new Pipe()).ToArray();
        var consumers = targets.Select((target, i) => ConsumeAsync(target, pipes[i].Reader, cancellationToken)).ToArray();
        var open = Enumerable.Repeat(true, pipes.Length).ToArray();
        try
        {
            var buffer = new byte[StreamCopy.BufferSize];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                for (var i = 0; i < pipes.Length; i++)
                {
                    if (!open[i])
                        continue;
                    // WriteAsync waits while the pipe is full, so a slow target holds back the child instead of
                    // letting memory grow without bound.
                    var flush = await pipes[i].Writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    if (!flush.IsCompleted)
                        continue;
                    // The target stopped reading: surface its failure now (the runner then stops the child),
                    // or, if it simply finished early, stop feeding it.
                    open[i] = false;
                    await consumers[i].ConfigureAwait(false);
                }
            }
        }
        catch (Exception failure)
        {
            foreach (var pipe in pipes)
                await pipe.Writer.CompleteAsync(failure).ConfigureAwait(false);
            await Task.WhenAll(consumers).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        foreach (var pipe in pipes)
            await pipe.Writer.CompleteAsync().ConfigureAwait(false);
        await Task.WhenAll(consumers).ConfigureAwait(false);
    }

    private static async Task ConsumeAsync(PipeTarget target, PipeReader reader, CancellationToken cancellationToken)
    {
        // Disposing the stream completes the reader, which tells the writer side this target is gone.
        await using var stream = reader.AsStream();
        await target.CopyFromAsync(stream, cancellationToken).ConfigureAwait(false);
    }
}
