using System.Text;

namespace RedoxBuild.CliWrap;

/// <summary>Running a command while keeping all of its output in memory.</summary>
public static class BufferedCommandExtensions
{
    /// <summary>
    /// Executes the command and buffers stdout and stderr (as well as feeding the pipes the command already has).
    /// A validation failure carries the tail of stderr in its message.
    /// </summary>
    public static CommandTask<BufferedCommandResult> ExecuteBufferedAsync(
        this Command command,
        Encoding standardOutputEncoding,
        Encoding standardErrorEncoding,
        CancellationToken forcefulCancellationToken = default,
        CancellationToken gracefulCancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(standardOutputEncoding);
        ArgumentNullException.ThrowIfNull(standardErrorEncoding);
        var standardOutput = new StringBuilder();
        var standardError = new StringBuilder();
        var task = command
            .WithStandardOutputPipe(PipeTarget.Merge(command.StandardOutputPipe, PipeTarget.ToStringBuilder(standardOutput, standardOutputEncoding)))
            .WithStandardErrorPipe(PipeTarget.Merge(command.StandardErrorPipe, PipeTarget.ToStringBuilder(standardError, standardErrorEncoding)))
            // Validated below, where stderr is known and can go into the message.
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(forcefulCancellationToken, gracefulCancellationToken);

        return task.Select(result =>
        {
            var error = standardError.ToString();
            if (result.ExitCode != 0 && command.Validation.HasFlag(CommandResultValidation.ZeroExitCode))
                throw command.NonZeroExitCodeFailure(result.ExitCode, task.ProcessId, error);
            return new BufferedCommandResult(result.ExitCode, result.StartTime, result.ExitTime, standardOutput.ToString(), error);
        });
    }

    /// <summary>Executes the command and buffers stdout and stderr decoded with <paramref name="encoding"/>.</summary>
    public static CommandTask<BufferedCommandResult> ExecuteBufferedAsync(
        this Command command,
        Encoding encoding,
        CancellationToken forcefulCancellationToken = default,
        CancellationToken gracefulCancellationToken = default) =>
        command.ExecuteBufferedAsync(encoding, encoding, forcefulCancellationToken, gracefulCancellationToken);

    /// <summary>Executes the command and buffers stdout and stderr decoded as UTF-8.</summary>
    public static CommandTask<BufferedCommandResult> ExecuteBufferedAsync(
        this Command command,
        CancellationToken forcefulCancellationToken = default,
        CancellationToken gracefulCancellationToken = default) =>
        command.ExecuteBufferedAsync(new UTF8Encoding(false), forcefulCancellationToken, gracefulCancellationToken);
}
