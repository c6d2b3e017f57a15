using RedoxBuild.CliWrap;
using RedoxBuild.Engine;

namespace RedoxBuild.Cook.Scripting;

/// <summary>
/// One run of a composed recipe script: the file, the build directory it runs in, its whole environment (null
/// values unset a variable), the directories it writes (build tree and stage) and the recipe's log. Withheld names
/// are unset (null) in Environment because this process's environment has them; a host that does not pass this
/// process's environment on (the builder container) need not unset them.
/// </summary>
public sealed record ScriptInvocation(
    string Recipe,
    string ScriptFile,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string?> Environment,
    IReadOnlyList<string> Outputs,
    string? LogFile,
    IReadOnlySet<string>? Withheld = null);

/// <summary>
/// Where recipe scripts run: on this machine (<see cref="LocalScriptHost"/>) or inside one builder container per
/// build (RedoxBuild.Cook.Containers). Everything else about a cook is the same either way.
/// </summary>
public interface IScriptHost
{
    /// <summary>The PATH entries after a recipe's own tool directories: this machine's PATH, or the builder image's.</summary>
    string SearchPath(string hostPath);

    /// <summary>Runs bash -e -x on the script; a non-zero exit throws with the log's tail.</summary>
    Task RunAsync(ScriptInvocation invocation);
}

/// <summary>Runs scripts on this machine through the build's process runner (dry runs print them).</summary>
public sealed class LocalScriptHost(Processes processes) : IScriptHost
{
    public string SearchPath(string hostPath) => hostPath;

    public Task RunAsync(ScriptInvocation invocation) => processes.RunAsync(
        Cli.Wrap("bash").WithArguments(["-e", "-x", invocation.ScriptFile]).WithWorkingDirectory(invocation.WorkingDirectory)
            .WithEnvironmentVariables(invocation.Environment),
        new RunOptions { LogFile = invocation.LogFile });
}
