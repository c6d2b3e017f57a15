namespace RedoxBuild.CliWrap;

/// <summary>How a command ended.</summary>
public class CommandResult(int exitCode, DateTimeOffset startTime, DateTimeOffset exitTime)
{
    /// <summary>The exit code the process returned.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>True when the exit code is zero.</summary>
    public bool IsSuccess => ExitCode == 0;

    /// <summary>When the process was started.</summary>
    public DateTimeOffset StartTime { get; } = startTime;

    /// <summary>When the process exited (its output may have been drained a little later).</summary>
    public DateTimeOffset ExitTime { get; } = exitTime;

    /// <summary>How long the process ran.</summary>
    public TimeSpan RunTime => ExitTime - StartTime;
}

/// <summary>How a command ended, with everything it wrote to standard output and standard error.</summary>
public class BufferedCommandResult(int exitCode, DateTimeOffset startTime, DateTimeOffset exitTime, string standardOutput, string standardError)
    : CommandResult(exitCode, startTime, exitTime)
{
    /// <summary>Everything the process wrote to standard output, decoded.</summary>
    public string StandardOutput { get; } = standardOutput;

    /// <summary>Everything the process wrote to standard error, decoded.</summary>
    public string StandardError { get; } = standardError;
}
