namespace RedoxBuild.CliWrap;

/// <summary>Which results make a command fail with <see cref="CommandExecutionException"/>.</summary>
[Flags]
public enum CommandResultValidation
{
    /// <summary>Never fail because of the result; check <see cref="CommandResult.ExitCode"/> yourself.</summary>
    None = 0,

    /// <summary>Fail when the exit code is not zero (the default).</summary>
    ZeroExitCode = 1,
}
