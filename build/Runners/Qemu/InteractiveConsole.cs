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

/// <summary>How an interactive run ended; <see cref="PickerAnsweredAt"/> is when the picker got its key (null: never shown).</summary>
public sealed record InteractiveResult(VmExit Exit, TimeSpan? PickerAnsweredAt);

/// <summary>
/// Connects a VM's serial console to a terminal for RunQemu, RunGraphical and RunQemuNet: guest output goes to the
/// terminal (and to a serial log) as it arrives, the terminal's keys go to the guest, and when a picker answer is
/// given the bootloader's resolution picker is answered on the same stdin path. Returns when the VM exits (or is
/// killed by cancellation); the VM never outlives the call.
/// </summary>
public sealed class InteractiveConsole(ILogger logger)
{
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

        await using (var vm = VmProcess.Start(command, new VmOutputHandlers(OnSerial, OnVmmLine), cancellationToken))
        {
            started.SetResult(vm);
            // Not awaited: a console read cannot be cancelled, and the keyboard outlives the VM harmlessly.
            _ = Task.Factory.StartNew(() => PumpKeys(terminal.Input, vm, cancellationToken), cancellationToken,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
            var exit = await vm.Exited;
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan? answeredAt = null;
            if (pickerAnswered.IsCompletedSuccessfully) answeredAt = await pickerAnswered;
            return new InteractiveResult(exit, answeredAt);
        }
    }

    private static void PumpKeys(Stream input, VmProcess vm, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            int read;
            while (!cancellationToken.IsCancellationRequested && !vm.Exited.IsCompleted && (read = input.Read(buffer, 0, buffer.Length)) > 0)
                vm.Send(buffer.AsSpan(0, read).ToArray());
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The terminal went away (closed stdin, no console): the VM keeps running until it exits.
        }
    }
}
