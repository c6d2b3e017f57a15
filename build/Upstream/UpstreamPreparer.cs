using System.Text.RegularExpressions;
using RedoxBuild.Engine;
using RedoxBuild.Model;
using Serilog;

namespace RedoxBuild.Upstream;

/// <summary>What to prepare: a recipe's checkout (for its objects and recorded source), its series, and where to write.</summary>
public sealed record PreparationRequest(string Recipe, string Checkout, SourceInfo Source, PatchSeries Series, string OutputDirectory, string? Topic = null);

/// <summary>
/// Prepares, for a person to review and submit, everything an upstream merge request needs in
/// build/upstream/&lt;recipe&gt;/: a git repository whose branch holds one commit per patch on top of the pinned
/// upstream revision (committed in the user's name), a copy of the series, a test report of what ran, and a
/// description skeleton with Redox's headings left empty. It never writes the description's text.
/// </summary>
public sealed partial class UpstreamPreparer(
    Processes processes,
    ILogger logger,
    SourcePaths paths,
    TimeProvider time,
    IReadOnlyList<IUpstreamVerifier> verifiers,
    IReadOnlyDictionary<string, string?>? userEnvironment = null)
{
    private const string TransferRef = "refs/redox-build/prepared";

    public async Task<PreparedUpstream> PrepareAsync(PreparationRequest request, CancellationToken cancellationToken = default)
    {
        var output = request.OutputDirectory;
        if (request.Series.Patches.Count == 0)
            throw new BuildFailure($"{paths.Display(request.Series.Directory)} has no patches, so there is nothing to send upstream. Commit your edits in {paths.Display(request.Checkout)} and run ExtractPatches --recipe {request.Recipe} first.");
        var personal = PatchSeriesApplier.Git(processes, request.Checkout, CommitIdentity.Personal, userEnvironment);
        // useConfigOnly: an identity guessed from the host name is not a person's name.
        if ((await personal.TryAsync("-c", "user.useConfigOnly=true", "var", "GIT_COMMITTER_IDENT").ConfigureAwait(false)).ExitCode != 0)
            throw new BuildFailure("PrepareUpstream commits the series in your name, because a person submits upstream changes, but git does not know who you are. " +
                "Tell it: git config --global user.name \"Your Name\" && git config --global user.email you@example.org");
        var branch = await BranchNameAsync(personal, request).ConfigureAwait(false);
        var seriesHash = PreparedUpstream.HashSeries(request.Source.UpstreamRev, request.Series);
        var repository = new GitRepository(processes, Path.Combine(output, PreparedUpstream.RepositoryFolder));
        var previous = PreparedUpstream.Load(output);

        // Always apply to upstream's revision in a scratch worktree: that is the first check of the report.
        var checks = new List<CheckResult>();
        var started = time.GetTimestamp();
        var advice = $"The series applies to {paths.Display(request.Checkout)} but not to upstream's revision {request.Source.UpstreamRev[..12]}: " +
            $"it may depend on the recipe's own patches, which upstream does not have. Rebase your commits onto {GitSourceInfoStore.UpstreamRef} in a branch of your own, or send the recipe change instead.";
        var applier = new PatchSeriesApplier(processes, request.Checkout, paths, userEnvironment);
        var built = await applier.BuildAsync(request.Source.UpstreamRev, [], request.Series, CommitIdentity.Personal, advice).ConfigureAwait(false);
        checks.Add(new CheckResult($"Series applies to upstream {request.Source.UpstreamRev[..12]} (git am, {Plural(request.Series.Patches.Count, "patch", "patches")})",
            CheckOutcome.Passed, time.GetElapsedTime(started)));

        var head = await PlaceBranchAsync(repository, request, branch, built.Head, previous, seriesHash).ConfigureAwait(false);
        checks.Add(await WhitespaceCheckAsync(repository, request.Source.UpstreamRev, head).ConfigureAwait(false));
        var preparedBranch = new PreparedBranch(request.Recipe, repository.Directory, branch, head, request.Source.UpstreamRev);
        foreach (var verifier in verifiers)
            checks.AddRange(await verifier.VerifyAsync(preparedBranch, cancellationToken).ConfigureAwait(false));

        var prepared = new PreparedUpstream(request.Recipe, request.Source.UpstreamUrl, request.Source.UpstreamRev, request.Source.UpstreamBranch,
            branch, head, seriesHash, request.Series.Patches.Select(p => p.Name).ToList(), checks.All(c => c.Outcome != CheckOutcome.Failed), time.GetUtcNow());
        WriteFiles(request, prepared, checks);
        return prepared;
    }

    /// <summary>
    /// Puts the branch into build/upstream/R/repo: new commits when the series or the base changed, the existing ones
    /// when not (so their ids stay), and never over commits the author made there.
    /// </summary>
    private async Task<string> PlaceBranchAsync(GitRepository repository, PreparationRequest request, string branch, string built, PreparedUpstream? previous, string seriesHash)
    {
        var shown = paths.Display(repository.Directory);
        if (!Directory.Exists(repository.Directory))
        {
            await repository.At(request.OutputDirectory).RunAsync("init", "--quiet", "--initial-branch=" + branch, repository.Directory).ConfigureAwait(false);
            if (request.Source.UpstreamUrl is { } url) await repository.RunAsync("remote", "add", "upstream", url).ConfigureAwait(false);
        }
        else if (await repository.UncommittedChangesAsync().ConfigureAwait(false) is { Count: > 0 } changes)
            throw new BuildFailure($"{shown} has uncommitted changes:\n{PatchSeriesApplier.Listing(changes)}\nCommit or discard them, then run PrepareUpstream again.");

        var current = await repository.ResolveCommitAsync("refs/heads/" + branch).ConfigureAwait(false);
        var ours = previous is not null && previous.Branch == branch && current == previous.Head;
        if (current is not null && !ours)
            throw new BuildFailure($"Branch {branch} in {shown} has commits PrepareUpstream did not make (it is at {current[..12]}). Your work there is kept: " +
                $"file it as it is with FileUpstream, or delete {shown} to prepare the branch again from {paths.Display(request.Series.Directory)}.");
        if (ours && previous!.SeriesSha256 == seriesHash)
        {
            logger.Information("{Branch} in {Repository} already holds this series; its commits are kept", branch, shown);
            return current!;
        }

        var source = new GitRepository(processes, request.Checkout);
        await source.RunAsync("update-ref", TransferRef, built).ConfigureAwait(false);
        try
        {
            await repository.RunAsync("fetch", "--quiet", "--no-tags", request.Checkout, TransferRef).ConfigureAwait(false);
        }
        finally
        {
            await source.RunAsync("update-ref", "-d", TransferRef).ConfigureAwait(false);
        }
        await repository.RunAsync([.. StableGit.NoHooks, "checkout", "--quiet", "-B", branch, built]).ConfigureAwait(false);
        return built;
    }

    private async Task<CheckResult> WhitespaceCheckAsync(GitRepository repository, string upstreamRev, string head)
    {
        var started = time.GetTimestamp();
        var result = await repository.TryAsync("diff", "--check", upstreamRev, head).ConfigureAwait(false);
        var details = (result.StandardOutput + result.StandardError).Trim();
        return new CheckResult("No whitespace errors (git diff --check)", result.ExitCode == 0 ? CheckOutcome.Passed : CheckOutcome.Failed,
            time.GetElapsedTime(started), result.ExitCode == 0 ? null : details);
    }

    private void WriteFiles(PreparationRequest request, PreparedUpstream prepared, IReadOnlyList<CheckResult> checks)
    {
        var output = request.OutputDirectory;
        var patches = Directory.CreateDirectory(Path.Combine(output, PreparedUpstream.PatchesFolder)).FullName;
        foreach (var stale in Directory.GetFiles(patches).Where(f => prepared.Patches.All(p => p != Path.GetFileName(f))))
            File.Delete(stale);
        foreach (var patch in request.Series.Patches)
            File.Copy(patch.Path, Path.Combine(patches, patch.Name), overwrite: true);
        File.WriteAllText(Path.Combine(output, PreparedUpstream.TestReportFile), TestReport.Render(prepared, checks, verifiers.Count > 0));

        var description = Path.Combine(output, PreparedUpstream.DescriptionFile);
        var upstream = request.Source.UpstreamUrl ?? "the upstream repository";
        if (!File.Exists(description) || DescriptionDraft.Read(File.ReadAllText(description)) is { Title.Length: 0, HasWrittenSections: false })
            File.WriteAllText(description, DescriptionDraft.Create(request.Recipe, upstream, prepared.Branch));
        else
            logger.Information("{Description} keeps the text you wrote", paths.Display(description));
        prepared.Save(output);
    }

    /// <summary>redox-build/&lt;recipe&gt;/&lt;topic&gt;; the topic defaults to the first patch's title.</summary>
    private async Task<string> BranchNameAsync(GitRepository git, PreparationRequest request)
    {
        var topic = request.Topic ?? Slug(request.Series.Patches[0].Name);
        var branch = $"redox-build/{request.Recipe}/{topic}";
        if ((await git.TryAsync("check-ref-format", "--branch", branch).ConfigureAwait(false)).ExitCode != 0)
            throw new BuildFailure($"'{branch}' is not a valid git branch name; choose another --topic (letters, digits and dashes).");
        return branch;
    }

    /// <summary>"0001-Read-BARs-without-probing-on-virtio.patch" → "read-bars-without-probing-on-virtio" (at most 40 characters).</summary>
    internal static string Slug(string patchName)
    {
        var words = NumberPrefix().Replace(Path.GetFileNameWithoutExtension(patchName), "").ToLowerInvariant().Split('-', StringSplitOptions.RemoveEmptyEntries);
        var slug = "";
        foreach (var word in words.Select(w => NotSlug().Replace(w, "")).Where(w => w.Length > 0))
        {
            if (slug.Length > 0 && slug.Length + 1 + word.Length > 40) break;
            slug = slug.Length == 0 ? word[..Math.Min(40, word.Length)] : slug + "-" + word;
        }
        return slug.Length == 0 ? "changes" : slug;
    }

    private static string Plural(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";

    [GeneratedRegex(@"^\d+-")]
    private static partial Regex NumberPrefix();

    [GeneratedRegex(@"[^a-z0-9_.]")]
    private static partial Regex NotSlug();
}
