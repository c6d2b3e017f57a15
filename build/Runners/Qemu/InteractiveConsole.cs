using System.Text;
using RedoxBuild.CliWrap;
using RedoxBuild.Runners.BootTest;
using Serilog;

namespace RedoxBuild.Runners.Qemu;

/// <summary>
/// The Redox bootloader's resolution picker: with a display it waits for a key after printing <see cref="Prompt"/>.
/// The Nix graphical runner (under expect) waited 2 s and sent Enter, which takes the highlighted (best) mode.
/// </summary>
public sealed record ResolutionPickerAnswer(string Prompt, TimeSpan Delay, string Keys)
{
    public static ResolutionPickerAnswer Default { get; } = new("Arrow keys and enter select mode", TimeSpan.FromSeconds(2), "\r");
}

/// <summary>The terminal a VM's serial console is connected to: keys in, guest output out.</summary>
public sealed record TerminalStreams(Stream Input, Stream Output);

/// <summary>
/// How an interactive run ended: the VM's exit, whether the user stopped it with Ctrl+], and when the resolution
/// picker got its key (null: never shown).
/// </summary>
public sealed record InteractiveResult(VmExit Exit, bool Detached, TimeSpan? PickerAnsweredAt);

/// <summary>
/// Connects a VM's serial console to a terminal for RunQemu, RunGraphical and RunQemuNet: guest output goes to the
/// terminal (and to a serial log) as it arrives, the terminal's keys go to the guest, and when a picker answer is
/// given the bootloader's resolution picker is answered on the same stdin path. Ctrl+] stops the VM, as on RunCloud's
/// console (in raw mode Ctrl+C is a byte for the guest). Returns when the VM exits, is stopped, or is killed by
/// cancellation; the VM never outlives the call.
/// </summary>
public sealed class InteractiveConsole(ILogger logger)
{
    public const byte DetachKey = 0x1d; // Ctrl+], the same key as SerialConsole's

    public async Task<InteractiveResult> RunAsync(
        Command command, TerminalStreams terminal, ResolutionPickerAnswer? picker, string? serialLogPath, CancellationToken cancellationToken)
    {
        await using var serialLog = serialLogPath is null ? null : new FileStream(serialLogPath, FileMode.Create, FileAccess.Write, FileShare.Read);
        var decoder = new UTF8Encoding(false).GetDecoder();
        var cleaner = new SerialTextCleaner();
        var recent = new StringBuilder(); // cleaned tail, long enough to hold the prompt across chunk boundaries
        var pickerSeen = false;
        Task<TimeSpan?> pickerAnswered = Task.FromResult<TimeSpan?>(null);
        // Serial output can arrive before VmProcess.Start returns; the picker answer waits for the handle here.
        var started = new TaskCompletionSource<VmProcess>(TaskCreationOptions.RunContinuationsAsynchronously);
        var terminalLock = new Lock(); // guest output and QEMU's messages come from two reader threads

        void Show(ReadOnlySpan<byte> bytes)
        {
            lock (terminalLock)
            {
                terminal.Output.Write(bytes);
                terminal.Output.Flush();
            }
        }

        void OnSerial(ReadOnlyMemory<byte> bytes, TimeSpan at)
        {
            Show(bytes.Span);
            serialLog?.Write(bytes.Span);
            if (picker is null || pickerSeen) return;

            var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
            recent.Append(cleaner.Clean(chars.AsSpan(0, decoder.GetChars(bytes.Span, chars, flush: false))));
            if (recent.ToString().Contains(picker.Prompt, StringComparison.Ordinal))
            {
                pickerSeen = true;
                pickerAnswered = AnswerPickerAsync(at);
            }
            else if (recent.Length > 4 * picker.Prompt.Length) recent.Remove(0, recent.Length - picker.Prompt.Length);
        }

        async Task<TimeSpan?> AnswerPickerAsync(TimeSpan seenAt)
        {
            logger.Debug("Resolution picker shown at {Ms} ms; answering in {Delay} s", (long)seenAt.TotalMilliseconds, picker!.Delay.TotalSeconds);
            await Task.Delay(picker.Delay, cancellationToken);
            var vm = await started.Task;
            vm.Send(picker.Keys);
            return vm.Elapsed;
        }

        void OnVmmLine(string line, TimeSpan at)
        {
            // QEMU's own complaints (GTK, audio, TAP permissions) belong on the user's terminal too.
            Show(Encoding.UTF8.GetBytes($"{QemuCommandLine.Program}: {line}\r\n"));
            logger.Debug("vmm | {Line}", line);
        }

        using var detach = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using (var vm = VmProcess.Start(command, new VmOutputHandlers(OnSerial, OnVmmLine), detach.Token))
        {
            started.SetResult(vm);
            // Not awaited: a terminal read cannot be cancelled, and the reader outlives the VM harmlessly.
            _ = Task.Factory.StartNew(() => PumpKeys(terminal.Input, vm, detach), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
            var exit = await vm.Exited;
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan? answeredAt = null;
            if (pickerAnswered.IsCompletedSuccessfully) answeredAt = await pickerAnswered;
            return new InteractiveResult(exit, Detached: detach.IsCancellationRequested, answeredAt);
        }
    }

    private static void PumpKeys(Stream input, VmProcess vm, CancellationTokenSource detach)
    {
        var buffer = new byte[256];
        try
        {
            int read;
            while (!detach.IsCancellationRequested && !vm.Exited.IsCompleted && (read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                var stop = Array.IndexOf(buffer, DetachKey, 0, read);
                vm.Send(buffer.AsSpan(0, stop < 0 ? read : stop).ToArray());
                if (stop < 0) continue;
                detach.Cancel(); // kills the VM's process tree
                return;
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or NotSupportedException)
        {
            // The terminal went away (closed stdin, no console): the VM keeps running until it exits.
        }
    }
}
