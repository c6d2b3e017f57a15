using RedoxBuild.CliWrap;
using RedoxBuild.Engine;

namespace RedoxBuild.Cook.Fetch;

/// <summary>
/// git as the fetch layer runs it: through <see cref="Processes"/> (logged, cancellable, printed in a dry run), with a
/// fixed environment so results don't depend on the user's git config (no pager, no prompts, no auto-gc, local
/// file:// submodules allowed for mirrors).
/// </summary>
public sealed class Git(Processes processes)
{
    private static readonly IReadOnlyDictionary<string, string?> Environment = new Dictionary<string, string?>
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_PAGER"] = "cat",
        ["GIT_CONFIG_COUNT"] = "3",
        ["GIT_CONFIG_KEY_0"] = "gc.auto",
        ["GIT_CONFIG_VALUE_0"] = "0",
        ["GIT_CONFIG_KEY_1"] = "protocol.file.allow",
        ["GIT_CONFIG_VALUE_1"] = "always",
        ["GIT_CONFIG_KEY_2"] = "advice.detachedHead",
        ["GIT_CONFIG_VALUE_2"] = "false",
    };

    /// <summary>A dry run prints git commands without running them; callers skip the file work that would follow.</summary>
    public bool IsDryRun => processes.IsDryRun;

    public Command Command(string workingDirectory, params string[] args) =>
        Cli.Wrap("git").WithArguments(args).WithWorkingDirectory(workingDirectory).WithEnvironmentVariables(Environment);

    /// <summary>Runs git for its effect; a non-zero exit fails with git's last output lines.</summary>
    public Task RunAsync(string workingDirectory, params string[] args) => processes.RunAsync(Command(workingDirectory, args));

    /// <summary>Runs git for its output (trimmed); a non-zero exit fails.</summary>
    public async Task<string> OutputAsync(string workingDirectory, params string[] args) =>
        (await processes.CaptureAsync(Command(workingDirectory, args))).StandardOutput.Trim();

    /// <summary>
    /// Commits everything in the work tree (ignored files too: an archive's own .gitignore must not hide its files)
    /// with a fixed identity and date, so the same content gives the same commit on every machine.
    /// </summary>
    public async Task CommitAllAsync(string workingDirectory, string message)
    {
        await processes.RunAsync(Command(workingDirectory, "add", "--all", "--force"));
        await processes.RunAsync(Command(workingDirectory,
                "-c", "user.name=Redox build", "-c", "user.email=build@redox-build.invalid", "-c", "commit.gpgsign=false",
                "commit", "--quiet", "--allow-empty", "--no-verify", "-m", message)
            .WithEnvironmentVariables(e => e.Set(Environment).Set("GIT_AUTHOR_DATE", FixedDate).Set("GIT_COMMITTER_DATE", FixedDate)));
    }

    private const string FixedDate = "2000-01-01T00:00:00Z";

    /// <summary>Runs git as a question: true when it exits 0 (e.g. cat-file -e, merge-base --is-ancestor).</summary>
    public async Task<bool> SucceedsAsync(string workingDirectory, params string[] args) =>
        (await processes.CaptureAsync(Command(workingDirectory, args).WithValidation(CommandResultValidation.None))).ExitCode == 0;
}
