namespace RedoxBuild.CliWrap;

/// <summary>Base of the process runner's own failures; messages never contain registered secrets.</summary>
public abstract class CommandException(Command command, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The command that failed.</summary>
    public Command Command { get; } = command;
}

/// <summary>The process could not be started (program missing, not executable, working directory missing...).</summary>
public sealed class CommandStartException(Command command, string message, Exception? innerException = null)
    : CommandException(command, message, innerException);

/// <summary>The process ran but its result failed validation (a non-zero exit code by default).</summary>
public sealed class CommandExecutionException(Command command, int exitCode, string message, Exception? innerException = null)
    : CommandException(command, message, innerException)
{
    /// <summary>The exit code the process returned.</summary>
    public int ExitCode { get; } = exitCode;
}
