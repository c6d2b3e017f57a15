using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using RedoxBuild.Model;

namespace RedoxBuild.Upstream;

/// <summary>
/// Runs git in one directory through the build's <see cref="Processes"/>: every command is logged with secrets
/// redacted and killed on Ctrl+C. Immutable: <see cref="At"/> and <see cref="WithEnvironment"/> return new instances.
/// </summary>
public sealed class GitRepository(Processes processes, string directory, IReadOnlyDictionary<string, string?>? environment = null)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>Environment changes every command gets (see <see cref="StableGit"/>).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; } = environment ?? StableGit.Isolated;

    public Processes Processes { get; } = processes;

    /// <summary>The same settings in another directory (a worktree, another repository).</summary>
    public GitRepository At(string otherDirectory) => new(Processes, otherDirectory, Environment);

    /// <summary>The same directory with <paramref name="changes"/> laid over the current environment.</summary>
    public GitRepository WithEnvironment(IReadOnlyDictionary<string, string?> changes) =>
        new(Processes, Directory, StableGit.Merge(Environment, changes));

    public Command Command(IEnumerable<string> arguments) =>
        Cli.Wrap("git").WithArguments(arguments).WithWorkingDirectory(Directory).WithEnvironmentVariables(Environment);

    /// <summary>Runs git with its output streamed into the log; a non-zero exit fails the build with the output's tail.</summary>
    public Task RunAsync(params string[] arguments) => Processes.RunAsync(Command(arguments));

    /// <summary>Runs a query and returns its standard output without the final newline; a non-zero exit fails the build.</summary>
    public async Task<string> OutputAsync(params string[] arguments) =>
        (await Processes.CaptureAsync(Command(arguments)).ConfigureAwait(false)).StandardOutput.TrimEnd('\n');

    /// <summary>Runs git and returns exit code and output whatever the exit code, for commands whose failure is an answer.</summary>
    public Task<BufferedCommandResult> TryAsync(params string[] arguments) =>
        Processes.CaptureAsync(Command(arguments).WithValidation(CommandResultValidation.None));

    /// <summary>The full commit id <paramref name="revision"/> names, or null when the repository has no such commit.</summary>
    public async Task<string?> ResolveCommitAsync(string revision)
    {
        var result = await TryAsync("rev-parse", "--verify", "--quiet", revision + "^{commit}").ConfigureAwait(false);
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
    }

    /// <summary>Changed, staged and untracked (not ignored) files, as `git status --porcelain` lines.</summary>
    public async Task<IReadOnlyList<string>> UncommittedChangesAsync()
    {
        var output = await OutputAsync("status", "--porcelain=v1", "--untracked-files=all").ConfigureAwait(false);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
