using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using RedoxBuild.Model;

namespace RedoxBuild.Upstream;

/// <summary>Whose name and which dates the commits made from patches carry.</summary>
public enum CommitIdentity
{
    /// <summary>The build's fixed committer and the patch's (normalised) date: the same commit ids on every machine.</summary>
    Reproducible,

    /// <summary>The user's configured committer and today's date: commits a person will submit.</summary>
    Personal,
}

/// <summary>The commits made from a series: the recipe's patches end at <see cref="PatchBase"/>, the series' at <see cref="Head"/>.</summary>
public sealed record AppliedSeries(string BaseCommit, string PatchBase, string Head, IReadOnlyList<AppliedCommit> Commits);

/// <summary>One commit made from one patch file.</summary>
public sealed record AppliedCommit(string PatchFile, string Commit);

/// <summary>What to apply to a recipe's checkout: its pinned revision, the recipe's own patches, then the local series.</summary>
public sealed record PatchApplication(
    string Recipe,
    string UpstreamRev,
    IReadOnlyList<string> RecipePatches,
    PatchSeries Series,
    string? UpstreamUrl = null,
    string? UpstreamBranch = null)
{
    /// <summary>
    /// Runs after the recipe's patches, before the local series (the recipe's source script): its changes become one
    /// commit, and the series starts after it, so ExtractPatches still round-trips.
    /// </summary>
    public Func<string, Task>? AfterRecipePatches { get; init; }
}

/// <summary>
/// Applies patches as commits. Every patch becomes one commit (git am semantics: author, message and date come from
/// the patch), so the series round-trips: ExtractPatches turns the same commits back into the same files. The
/// recipe's own patches (plain diffs applied with patch -p1, as the cookbook does) become one commit each and mark
/// where the local series starts. All work happens in a scratch worktree; the checkout only moves once everything
/// applied, so a patch that no longer applies leaves it exactly as it was.
/// </summary>
public sealed class PatchSeriesApplier(Processes processes, string checkout, SourcePaths paths, IReadOnlyDictionary<string, string?>? userEnvironment = null)
{
    // Queries and reproducible commits see only the repository's configuration; personal commits see the user's too.
    private readonly GitRepository _repository = Git(processes, checkout, CommitIdentity.Reproducible, userEnvironment);

    /// <summary>The local branch a patched checkout is on.</summary>
    public const string PatchedBranch = "redox-build/patched";

    /// <summary>Makes the commits on top of <paramref name="baseCommit"/> without touching the checkout; returns their ids.</summary>
    public async Task<AppliedSeries> BuildAsync(string baseCommit, IReadOnlyList<string> recipePatches, PatchSeries series, CommitIdentity identity, string advice,
        Func<string, Task>? afterRecipePatches = null)
    {
        var owner = Git(processes, checkout, identity, userEnvironment);
        await using var scratch = await ScratchWorktree.CreateAsync(owner, baseCommit).ConfigureAwait(false);
        var state = $"{paths.Display(_repository.Directory)} was left unchanged.";

        foreach (var recipePatch in recipePatches)
        {
            var patch = Cli.Wrap("patch")
                .WithArguments(["--batch", "--forward", "--no-backup-if-mismatch", "-p1", "-i", Path.GetFullPath(recipePatch)])
                .WithWorkingDirectory(scratch.Path)
                .WithEnvironmentVariables(new Dictionary<string, string?> { ["LC_ALL"] = "C" })
                .WithValidation(CommandResultValidation.None);
            var result = await processes.CaptureAsync(patch).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                var failure = PatchFailureParser.FromGnuPatch(paths.Display(recipePatch), result.StandardOutput + result.StandardError);
                throw new PatchApplyException(PatchFailureParser.Message(failure, state, advice), failure);
            }
            // Recipe patches may create files a .gitignore covers; they are part of the patched source all the same.
            var build = scratch.Git.WithEnvironment(StableGit.BuildIdentity);
            await build.RunAsync("add", "--all", "--force").ConfigureAwait(false);
            await build.RunAsync([.. StableGit.NoHooks, "commit", "--quiet", "--allow-empty", "--no-verify", "-m", $"Apply the recipe's patch {Path.GetFileName(recipePatch)}"]).ConfigureAwait(false);
        }
        if (afterRecipePatches is not null)
        {
            await afterRecipePatches(scratch.Path).ConfigureAwait(false);
            var build = scratch.Git.WithEnvironment(StableGit.BuildIdentity);
            await build.RunAsync("add", "--all", "--force").ConfigureAwait(false);
            await build.RunAsync([.. StableGit.NoHooks, "commit", "--quiet", "--allow-empty", "--no-verify", "-m", "Run the recipe's source script"]).ConfigureAwait(false);
        }
        var patchBase = await scratch.Git.OutputAsync("rev-parse", "HEAD").ConfigureAwait(false);

        var commits = new List<AppliedCommit>();
        var am = identity == CommitIdentity.Reproducible
            ? scratch.Git.WithEnvironment(new Dictionary<string, string?> { ["GIT_COMMITTER_NAME"] = StableGit.BuildName, ["GIT_COMMITTER_EMAIL"] = StableGit.BuildEmail })
            : scratch.Git;
        string[] dates = identity == CommitIdentity.Reproducible ? ["--committer-date-is-author-date"] : ["--ignore-date"];
        foreach (var patch in series.Patches)
        {
            var result = await am.TryAsync([.. StableGit.NoHooks, "am", .. StableGit.AmOptions, .. dates, patch.Path]).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                var failure = PatchFailureParser.FromGit(paths.Display(patch.Path), await File.ReadAllTextAsync(patch.Path).ConfigureAwait(false), result.StandardError + result.StandardOutput);
                throw new PatchApplyException(PatchFailureParser.Message(failure, state, advice), failure);
            }
            commits.Add(new AppliedCommit(patch.Name, await scratch.Git.OutputAsync("rev-parse", "HEAD").ConfigureAwait(false)));
        }
        return new AppliedSeries(baseCommit, patchBase, commits.Count > 0 ? commits[^1].Commit : patchBase, commits);
    }

    /// <summary>
    /// Applies the recipe's patches and the series to the checkout, which must be clean and at the pinned revision
    /// (or already hold the same patched files); afterwards it is on <see cref="PatchedBranch"/> and
    /// <paramref name="store"/> knows where the local series starts.
    /// </summary>
    public async Task<AppliedSeries> ApplyToCheckoutAsync(PatchApplication application, ISourceInfoStore store)
    {
        var shown = paths.Display(_repository.Directory);
        var changes = await _repository.UncommittedChangesAsync().ConfigureAwait(false);
        if (changes.Count > 0)
            throw new BuildFailure($"{shown} has uncommitted changes, so patches are not applied over them:\n{Listing(changes)}\n" +
                $"Commit them and run ExtractPatches --recipe {application.Recipe} to keep them as patches, or discard them (git -C {shown} stash).");
        var pinned = await _repository.ResolveCommitAsync(application.UpstreamRev).ConfigureAwait(false)
            ?? throw new BuildFailure($"{shown} does not contain the pinned revision {application.UpstreamRev}; fetch it (git -C {shown} fetch origin {application.UpstreamRev}).");
        var head = await _repository.OutputAsync("rev-parse", "HEAD").ConfigureAwait(false);

        var advice = $"Refresh the patch: apply the series up to it in {shown}, make the change again by hand, commit, and run ExtractPatches --recipe {application.Recipe}.";
        var applied = await BuildAsync(pinned, application.RecipePatches, application.Series, CommitIdentity.Reproducible, advice, application.AfterRecipePatches).ConfigureAwait(false);
        var info = new SourceInfo(application.Recipe, pinned, applied.PatchBase, application.UpstreamUrl, application.UpstreamBranch);
        if (head == applied.Head || await TreeOf(head).ConfigureAwait(false) == await TreeOf(applied.Head).ConfigureAwait(false))
        {
            // Already patched (commit ids are reproducible; equal files mean the user's commits match the series).
            if (await IsAncestor(applied.PatchBase, head).ConfigureAwait(false)) await store.WriteAsync(_repository, info).ConfigureAwait(false);
            return applied with { Head = head };
        }
        if (head != pinned)
            throw new BuildFailure($"{shown} is at {head[..12]}, not at the pinned revision {pinned[..12]}, and its files differ from the patched source: it holds local commits. " +
                $"Run ExtractPatches --recipe {application.Recipe} to keep them as patches, then reset the checkout (git -C {shown} checkout --detach {pinned[..12]}) and apply again.");

        await _repository.RunAsync([.. StableGit.NoHooks, "checkout", "--quiet", "-B", PatchedBranch, applied.Head]).ConfigureAwait(false);
        await store.WriteAsync(_repository, info).ConfigureAwait(false);
        return applied;
    }

    /// <summary>Git in <paramref name="directory"/> for commits of the given identity, with the user's forwarded variables.</summary>
    public static GitRepository Git(Processes processes, string directory, CommitIdentity identity, IReadOnlyDictionary<string, string?>? userEnvironment) =>
        new(processes, directory, StableGit.Merge(identity == CommitIdentity.Reproducible ? StableGit.Isolated : StableGit.Personal, userEnvironment ?? new Dictionary<string, string?>()));

    private async Task<string> TreeOf(string commit) => await _repository.OutputAsync("rev-parse", commit + "^{tree}").ConfigureAwait(false);

    private async Task<bool> IsAncestor(string ancestor, string commit) =>
        (await _repository.TryAsync("merge-base", "--is-ancestor", ancestor, commit).ConfigureAwait(false)).ExitCode == 0;

    internal static string Listing(IReadOnlyList<string> lines) =>
        string.Join('\n', lines.Take(10).Select(l => "  " + l)) + (lines.Count > 10 ? $"\n  … and {lines.Count - 10} more" : "");
}
