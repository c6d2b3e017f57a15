using System.Diagnostics;
using System.Threading.Channels;
using RedoxBuild.CliWrap;
using RedoxBuild.Engine;

namespace RedoxBuild.Runners.BootTest;

/// <summary>How a VM process ended: its exit code, or killed by us.</summary>
public sealed record VmExit(int? ExitCode, bool Killed);

/// <summary>
/// Callbacks for a running VM's output. <paramref name="Serial"/> gets the raw bytes of the guest console (the VMM's
/// stdout) as they arrive, with the time since launch; it runs on one reader task, one chunk at a time.
/// </summary>
public sealed record VmOutputHandlers(Action<ReadOnlyMemory<byte>, TimeSpan>? Serial = null, Action<string, TimeSpan>? VmmLine = null);

/// <summary>
/// A VMM process whose stdout/stdin are the guest's serial console: output is streamed to the handlers in real time
/// (raw chunks, not lines, so prompts without a newline are seen at once), input can be sent at any time, and
/// disposing kills the whole process tree and waits for it. Built on the CliWrap-shaped runner.
/// </summary>
public sealed class VmProcess : IAsyncDisposable
{
    private readonly Channel<ReadOnlyMemory<byte>> _input = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _kill;
    private readonly long _launched;
    private readonly CommandTask<CommandResult> _task;

    private VmProcess(Command command, VmOutputHandlers handlers, CancellationToken cancellation)
    {
        _kill = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var configured = command
            .WithValidation(CommandResultValidation.None)
            .WithStandardInputPipe(PipeSource.Create(PumpInputAsync))
            .WithStandardOutputPipe(PipeTarget.Create((stream, ct) => PumpSerialAsync(stream, handlers.Serial, ct)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => handlers.VmmLine?.Invoke(line, Elapsed)));
        _launched = Stopwatch.GetTimestamp();
        try
        {
            _task = configured.ExecuteAsync(_kill.Token);
        }
        catch (CommandStartException failure)
        {
            _kill.Dispose();
            throw new BuildFailure(failure.Message);
        }
        Exited = WaitAsync();
    }

    /// <summary>Starts the command now; the stopwatch for <see cref="Elapsed"/> starts just before the process.</summary>
    public static VmProcess Start(Command command, VmOutputHandlers handlers, CancellationToken cancellation) => new(command, handlers, cancellation);

    public int ProcessId => _task.ProcessId;

    /// <summary>Time since launch.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_launched);

    /// <summary>Completes when the VMM has exited and its output has been handed to the handlers.</summary>
    public Task<VmExit> Exited { get; }

    /// <summary>Sends bytes to the guest's serial console.</summary>
    public void Send(ReadOnlyMemory<byte> bytes) => _input.Writer.TryWrite(bytes);

    public void Send(string text) => Send(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Kills the VMM's process tree (if still running) and waits until it is gone.</summary>
    public async ValueTask DisposeAsync()
    {
        _input.Writer.TryComplete();
        if (!_task.Task.IsCompleted) await _kill.CancelAsync();
        await Exited;
        _kill.Dispose();
    }

    private async Task<VmExit> WaitAsync()
    {
        try
        {
            var result = await _task;
            return new VmExit(result.ExitCode, Killed: false);
        }
        catch (OperationCanceledException) when (_kill.IsCancellationRequested)
        {
            return new VmExit(null, Killed: true);
        }
    }

    private async Task PumpInputAsync(Stream stdin, CancellationToken cancellationToken)
    {
        // Never ends on its own: the VMM keeps its stdin open until it exits or we dispose.
        await foreach (var bytes in _input.Reader.ReadAllAsync(cancellationToken))
        {
            await stdin.WriteAsync(bytes, cancellationToken);
            await stdin.FlushAsync(cancellationToken);
        }
    }

    private async Task PumpSerialAsync(Stream stdout, Action<ReadOnlyMemory<byte>, TimeSpan>? handler, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stdout.ReadAsync(buffer, cancellationToken)) > 0)
            handler?.Invoke(buffer.AsMemory(0, read), Elapsed);
    }
}
