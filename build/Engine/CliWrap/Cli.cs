namespace RedoxBuild.CliWrap;

/// <summary>Entry point: <c>Cli.Wrap("git").WithArguments(["status"]).ExecuteAsync()</c>.</summary>
public static class Cli
{
    /// <summary>
    /// A command for the given program: a name looked up on PATH or a path. It starts with no arguments, the current
    /// directory of this process, no environment changes, zero-exit-code validation and null pipes.
    /// </summary>
    public static Command Wrap(string targetFilePath) => new(targetFilePath);
}
