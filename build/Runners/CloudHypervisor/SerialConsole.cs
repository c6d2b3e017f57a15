using Microsoft.Win32.SafeHandles;
using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using Serilog.Events;

namespace RedoxBuild.Runners.CloudHypervisor;

/// <summary>This process's terminal side: where a VMM's serial console reads keys from and writes to.</summary>
public sealed record HostConsole(Stream Input, Stream Output, Stream Error, bool InputIsTerminal)
{
    /// <summary>
    /// The real stdin/stdout/stderr. Stdin is read straight from file descriptor 0: .NET's console stream would edit
    /// and echo lines when stdin is a terminal, and a serial console needs every byte as it is typed.
    /// </summary>
    public static HostConsole OfThisProcess() =>
        new(StandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError(), InputIsTerminal: !Console.IsInputRedirected);

    private static Stream StandardInput()
    {
        try
        {
            return new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return Stream.Null; // stdin closed (a daemon's child): the guest simply gets no keys
        }
    }
}

/// <summary>
/// Runs a VMM whose serial console is its stdin/stdout (cloud-hypervisor --serial tty) attached to this terminal:
/// keys go to the guest byte by byte (the terminal is in raw mode while it runs, and always restored afterwards, also
/// after Ctrl+C or a failure), output goes straight to the terminal, and Ctrl+] stops the VM, since in raw mode
/// Ctrl+C is just a byte for the guest.
/// </summary>
public sealed class SerialConsole(Processes processes, HostConsole console, bool dryRun, Serilog.ILogger logger)
{
    public const byte DetachKey = 0x1d; // Ctrl+], as in telnet and virsh console

    /// <summary>Runs the VMM until it exits; true when the user stopped it with Ctrl+].</summary>
    public async Task<bool> RunAsync(Command vmm, CancellationToken cancellationToken)
    {
        using var detach = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var attached = vmm
            .WithStandardInputPipe(PipeSource.Create((destination, ct) => ForwardKeysAsync(destination, detach, ct)))
            .WithStandardOutputPipe(PipeTarget.ToStream(console.Output))
            .WithStandardErrorPipe(PipeTarget.ToStream(console.Error));

        if (console.InputIsTerminal) logger.Information("Serial console on this terminal; Ctrl+] stops the VM.");
        await using var terminal = await RawTerminal.EnterAsync(processes, console.InputIsTerminal, dryRun);
        try
        {
            // The console already shows the output; the log files still get it (Verbose).
            await processes.RunAsync(attached, new RunOptions { OutputLevel = LogEventLevel.Verbose, Cancellation = detach.Token });
            return false;
        }
        catch (OperationCanceledException) when (detach.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return true;
        }
    }

    private async Task ForwardKeysAsync(Stream destination, CancellationTokenSource detach, CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        while (true)
        {
            var read = await console.Input.ReadAsync(buffer, cancellationToken);
            if (read == 0) return;
            var stop = Array.IndexOf(buffer, DetachKey, 0, read);
            await destination.WriteAsync(buffer.AsMemory(0, stop < 0 ? read : stop), cancellationToken);
            await destination.FlushAsync(cancellationToken);
            if (stop >= 0)
            {
                await detach.CancelAsync();
                return;
            }
        }
    }
}

/// <summary>
/// The controlling terminal in raw mode (stty raw -echo) for as long as this object lives, when stdin is a terminal.
/// stty works on /dev/tty because the build runs tools with their stdin redirected.
/// </summary>
public sealed class RawTerminal : IAsyncDisposable
{
    private readonly Processes _processes;
    private readonly string? _saved;

    private RawTerminal(Processes processes, string? saved)
    {
        _processes = processes;
        _saved = saved;
    }

    public static async Task<RawTerminal> EnterAsync(Processes processes, bool inputIsTerminal, bool dryRun)
    {
        if (!inputIsTerminal) return new RawTerminal(processes, null);
        var saved = (await processes.CaptureAsync(Stty("-g"))).StandardOutput.Trim();
        // A dry run captured nothing; its printed restore line names what a real run would pass.
        if (dryRun) saved = "<settings printed by stty -g>";
        var terminal = new RawTerminal(processes, saved);
        await processes.RunAsync(Stty("raw", "-echo"));
        return terminal;
    }

    public async ValueTask DisposeAsync()
    {
        // Not cancellable: this runs after Ctrl+C too, which has already cancelled the target's token.
        if (_saved is not null)
            await _processes.RunAsync(Stty(_saved), new RunOptions { Cancellation = CancellationToken.None });
    }

    private static Command Stty(params string[] arguments) => Cli.Wrap("stty").WithArguments(["-F", "/dev/tty", .. arguments]);
}
