using System.ComponentModel;
using System.Diagnostics;
using OsProcess = System.Diagnostics.Process;

namespace RedoxBuild.CliWrap;

public sealed partial class Command
{
    // A SIGKILLed tree exits at once; this only bounds the wait if the kernel refused the kill.
    private static readonly TimeSpan KilledExitTimeout = TimeSpan.FromSeconds(10);

    private const int NoSuchFile = 2; // ENOENT
    private const int PermissionDenied = 13; // EACCES

    /// <summary>
    /// Starts the process now (start failures throw <see cref="CommandStartException"/> synchronously) and returns a task
    /// that completes once the process has exited and both output pipes are drained.
    /// <paramref name="forcefulCancellationToken"/> kills the whole process tree; <paramref name="gracefulCancellationToken"/>
    /// sends SIGINT and lets the process finish on its own (fire the forceful token too to bound the wait).
    /// Either cancellation makes the task throw <see cref="OperationCanceledException"/>.
    /// </summary>
    public CommandTask<CommandResult> ExecuteAsync(
        CancellationToken forcefulCancellationToken = default,
        CancellationToken gracefulCancellationToken = default)
    {
        forcefulCancellationToken.ThrowIfCancellationRequested();
        var process = Start();
        var startTime = DateTimeOffset.Now;
        // Read before RunAsync runs: a very short process may be finished and disposed by the time it returns.
        var processId = process.Id;
        var task = RunAsync(process, processId, startTime, forcefulCancellationToken, gracefulCancellationToken);
        return new CommandTask<CommandResult>(task, processId);
    }

    private ProcessStartInfo CreateStartInfo()
    {
        var startInfo = new ProcessStartInfo
        {
            FileName = TargetFilePath,
            WorkingDirectory = WorkingDirPath,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        // Always the list, never the string: each element becomes exactly one argv entry.
        foreach (var argument in ArgumentList)
            startInfo.ArgumentList.Add(argument);
        foreach (var (name, value) in EnvironmentVariables)
        {
            if (value is null)
                startInfo.Environment.Remove(name);
            else
                startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    private OsProcess Start()
    {
        if (!Directory.Exists(WorkingDirPath))
        {
            throw new CommandStartException(this,
                $"Could not start program '{Redact(TargetFilePath)}': its working directory '{Redact(WorkingDirPath)}' does not exist. " +
                $"Create it first or pass an existing directory to {nameof(WithWorkingDirectory)}.\n\n{DescribeForFailure()}");
        }

        var process = new OsProcess { StartInfo = CreateStartInfo() };
        try
        {
            process.Start();
            return process;
        }
        catch (Win32Exception failure)
        {
            process.Dispose();
            // .NET's own message names the program path; keep it only if it holds no secret.
            var redactedMessage = Redact(failure.Message);
            var inner = redactedMessage == failure.Message ? failure : new Win32Exception(failure.NativeErrorCode, redactedMessage);
            throw new CommandStartException(this, $"{StartFailureReason(failure)}\n\n{DescribeForFailure()}", inner);
        }
    }

    private string StartFailureReason(Win32Exception failure)
    {
        var program = Redact(TargetFilePath);
        var directory = Redact(WorkingDirPath);
        return failure.NativeErrorCode switch
        {
            NoSuchFile when !TargetFilePath.Contains('/') =>
                $"Program '{program}' not found on PATH (working directory '{directory}'). Install it or pass its full path " +
                $"to Cli.Wrap. .NET searched this build's own PATH: {Redact(Environment.GetEnvironmentVariable("PATH") ?? "(unset)")}",
            NoSuchFile =>
                $"Program '{program}' does not exist (working directory '{directory}'; a relative program path is resolved " +
                "against the current directory of this build, not the command's working directory).",
            PermissionDenied =>
                $"Program '{program}' could not be executed: permission denied (working directory '{directory}'). " +
                "Check that it is a file with the execute bit set (chmod +x) on a filesystem not mounted noexec.",
            _ => $"Program '{program}' could not be started in working directory '{directory}': {Redact(failure.Message)}",
        };
    }

    private async Task<CommandResult> RunAsync(
        OsProcess process, int processId, DateTimeOffset startTime, CancellationToken forceful, CancellationToken graceful)
    {
        using var _ = process;

        // Stdin is abandoned once the process exits: it may never read the rest of an endless source.
        using var stdinCancellation = CancellationTokenSource.CreateLinkedTokenSource(forceful);
        using var killedExitTimeout = new CancellationTokenSource();
        var killRegistration = forceful.Register(() =>
        {
            ProcessControl.KillTree(process);
            killedExitTimeout.CancelAfter(KilledExitTimeout);
        });
        var interruptRegistration = graceful.Register(() => ProcessControl.Interrupt(process));
        try
        {
            var stdin = PumpStandardInputAsync(process, stdinCancellation.Token);
            var stdout = PumpOutputAsync(StandardOutputPipe, process.StandardOutput.BaseStream, process, forceful);
            var stderr = PumpOutputAsync(StandardErrorPipe, process.StandardError.BaseStream, process, forceful);

            DateTimeOffset exitTime;
            try
            {
                await process.WaitForExitAsync(killedExitTimeout.Token).ConfigureAwait(false);
                exitTime = DateTimeOffset.Now;
            }
            catch (OperationCanceledException) when (killedExitTimeout.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"Process {processId} ({Redact(TargetFilePath)}) was killed but did not exit within {KilledExitTimeout.TotalSeconds:0} s.");
            }

            await stdinCancellation.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(stdin, stdout, stderr).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (forceful.IsCancellationRequested)
            {
                // The pumps stopped because we killed the tree; the cancellation is reported below.
            }

            if (forceful.IsCancellationRequested)
            {
                throw new OperationCanceledException(
                    $"Command canceled: process {processId} and its descendants were killed ({ToDisplayString()}).", forceful);
            }

            if (graceful.IsCancellationRequested)
            {
                throw new OperationCanceledException(
                    $"Command canceled: process {processId} was interrupted with SIGINT and exited with code {process.ExitCode} ({ToDisplayString()}).",
                    graceful);
            }

            if (process.ExitCode != 0 && Validation.HasFlag(CommandResultValidation.ZeroExitCode))
                throw NonZeroExitCodeFailure(process.ExitCode, processId, standardError: null);

            return new CommandResult(process.ExitCode, startTime, exitTime);
        }
        finally
        {
            await killRegistration.DisposeAsync().ConfigureAwait(false);
            await interruptRegistration.DisposeAsync().ConfigureAwait(false);
            // Whatever went wrong above, no child outlives its command.
            if (!HasExited(process))
                ProcessControl.KillTree(process);
        }
    }

    private async Task PumpStandardInputAsync(OsProcess process, CancellationToken cancellationToken)
    {
        var stdin = process.StandardInput.BaseStream;
        try
        {
            // WaitAsync: a user-written source might ignore the token; the process no longer needs it either way.
            await StandardInputPipe.CopyToAsync(stdin, cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The process exited (or was killed) before consuming all of its input.
        }
        catch (IOException failure) when (failure.GetType() == typeof(IOException))
        {
            // EPIPE: the process closed stdin or exited without reading everything, which programs may do.
        }
        catch
        {
            // The input itself failed (missing file, upstream command failed): whatever the child would compute
            // from a truncated input is meaningless, so stop it rather than wait for it.
            ProcessControl.KillTree(process);
            throw;
        }
        finally
        {
            try
            {
                await stdin.DisposeAsync().ConfigureAwait(false); // end-of-file for the child
            }
            catch (IOException)
            {
                // Closing a pipe the child already closed.
            }
        }
    }

    private static async Task PumpOutputAsync(PipeTarget target, Stream output, OsProcess process, CancellationToken forceful)
    {
        await using (output.ConfigureAwait(false))
        {
            try
            {
                await target.CopyFromAsync(output, forceful).ConfigureAwait(false);
            }
            catch (Exception failure) when (failure is not OperationCanceledException || !forceful.IsCancellationRequested)
            {
                // A target that stopped reading would leave the child blocked on a full pipe forever.
                ProcessControl.KillTree(process);
                throw;
            }
        }
    }

    private static bool HasExited(OsProcess process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
