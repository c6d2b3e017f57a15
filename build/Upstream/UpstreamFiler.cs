using RedoxBuild.Engine;
using RedoxBuild.Model;
using Serilog;

namespace RedoxBuild.Upstream;

/// <summary>What to file: the prepared folder of a recipe, the upstream project on the forge, the token.</summary>
public sealed record FilingRequest(string Recipe, string PreparedDirectory, string UpstreamProject, string? Token, bool DryRun);

/// <summary>How long to wait for a new fork (forges copy it in the background) and how often to look.</summary>
public sealed record FilingOptions(TimeSpan ForkTimeout, TimeSpan PollInterval)
{
    public static FilingOptions Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(3));
}

/// <summary>
/// Files a prepared branch as a draft: finds or creates the user's fork, pushes the branch there with git, and
/// opens a draft pull request (GitHub) or a "Draft:" merge request (GitLab) with the description the author wrote.
/// A dry run prints the requests and the push instead. Run by a person, on purpose; never part of CI.
/// </summary>
public sealed class UpstreamFiler(Processes processes, ILogger logger, SourcePaths paths, IForge forge, string helperDirectory, TimeProvider time, FilingOptions options)
{
    public async Task<ForgeDraft?> FileAsync(FilingRequest request, CancellationToken cancellationToken = default)
    {
        var folder = paths.Display(request.PreparedDirectory);
        var prepared = PreparedUpstream.Load(request.PreparedDirectory)
            ?? throw new BuildFailure($"{folder} holds no prepared branch ({PreparedUpstream.ManifestFile} is missing). Run PrepareUpstream --recipe {request.Recipe} first.");
        var description = ReadDescription(request.PreparedDirectory);
        if (!prepared.ChecksPassed)
            throw new BuildFailure($"{folder}/{PreparedUpstream.TestReportFile} records a failed check. Fix it, run PrepareUpstream --recipe {request.Recipe} again, and file after that.");
        var repository = Path.Combine(request.PreparedDirectory, PreparedUpstream.RepositoryFolder);
        var forkName = request.UpstreamProject.Split('/')[^1];
        var askPass = GitCredentials.WriteAskPass(helperDirectory);

        if (request.DryRun)
        {
            PrintPlan(request, prepared, description, repository, forkName);
            await processes.RunAsync(GitCredentials.Push(repository, Placeholders.ForkCloneUrl, prepared.Branch, askPass, forge.GitUsername, request.Token)).ConfigureAwait(false);
            var upstream = new ForgeProject(request.UpstreamProject, Placeholders.UnknownId, "", Placeholders.DefaultBranch, null);
            var fork = new ForgeProject($"{Placeholders.Login}/{forkName}", Placeholders.UnknownId, Placeholders.ForkCloneUrl, Placeholders.DefaultBranch, request.UpstreamProject);
            logger.Information("[dry-run] {Request}", forge.PlanDraft(Draft(upstream, fork, Placeholders.Login, prepared, description)));
            return null;
        }

        if (string.IsNullOrEmpty(request.Token))
            throw new BuildFailure($"FileUpstream needs a {forge.Name} token to fork and open the draft: set {TokenSpelling} (it is never printed). " +
                "Or run with --dry-run to see what would be sent.");
        var login = await forge.CurrentUserAsync(cancellationToken).ConfigureAwait(false);
        var upstreamProject = await forge.FindProjectAsync(request.UpstreamProject, cancellationToken).ConfigureAwait(false)
            ?? throw new BuildFailure($"{forge.Name} has no project {request.UpstreamProject} that the token can see. Check --upstream-project.");
        var forkProject = await FindOrCreateForkAsync(upstreamProject, $"{login}/{forkName}", cancellationToken).ConfigureAwait(false);

        var git = new GitRepository(processes, repository);
        var head = await git.ResolveCommitAsync("refs/heads/" + prepared.Branch).ConfigureAwait(false)
            ?? throw new BuildFailure($"Branch {prepared.Branch} is missing from {paths.Display(repository)}. Run PrepareUpstream --recipe {request.Recipe} again.");
        var remote = await forge.BranchHeadAsync(forkProject, prepared.Branch, cancellationToken).ConfigureAwait(false);
        if (remote == head)
            logger.Information("{Branch} is already on {Fork} at {Head}; not pushing again", prepared.Branch, forkProject.Path, head[..12]);
        else if (remote is not null)
            throw new BuildFailure($"Your fork {forkProject.Path} already has branch {prepared.Branch} at {remote[..12]}, not at {head[..12]}. Nothing was overwritten. " +
                $"If you mean to replace it, push it yourself: git -C {paths.Display(repository)} push --force-with-lease={prepared.Branch}:{remote} {forkProject.CloneUrl} {prepared.Branch}");
        else
            await processes.RunAsync(GitCredentials.Push(repository, forkProject.CloneUrl, prepared.Branch, askPass, forge.GitUsername, request.Token)).ConfigureAwait(false);

        var draft = await forge.OpenDraftAsync(Draft(upstreamProject, forkProject, login, prepared, description), cancellationToken).ConfigureAwait(false);
        new FiledUpstream(forge.Name, draft.Url, draft.Number, prepared.Branch, head, time.GetUtcNow()).Save(request.PreparedDirectory);
        logger.Information("Opened a draft on {Forge}: {Url}", forge.Name, draft.Url);
        return draft;
    }

    private string TokenSpelling => forge.Name == "GitHub" ? "GITHUB_TOKEN (or --github-token)" : "GITLAB_TOKEN (or --gitlab-token)";

    private DraftRequest Draft(ForgeProject upstream, ForgeProject fork, string login, PreparedUpstream prepared, AuthoredDescription description) =>
        new(upstream, fork, login, prepared.Branch, prepared.TargetBranch ?? upstream.DefaultBranch, description.Title, description.Body);

    private AuthoredDescription ReadDescription(string directory)
    {
        var path = Path.Combine(directory, PreparedUpstream.DescriptionFile);
        var shown = paths.Display(path);
        var description = File.Exists(path) ? DescriptionDraft.Read(File.ReadAllText(path)) : null;
        const string rule = "Redox closes merge requests whose description is machine-written, so this build never writes one";
        return description switch
        {
            null => throw new BuildFailure($"{shown} is missing. Run PrepareUpstream again to get the skeleton, then write the description yourself."),
            { Title.Length: 0, HasWrittenSections: false } => throw new BuildFailure(
                $"{shown} is still the untouched draft: the title and every section are empty. {rule}: open the file, write the title after " +
                "'Title:' and the sections that apply (Problem, Solution, …) in your own words, then run FileUpstream again."),
            { Title.Length: 0 } => throw new BuildFailure($"{shown} has no title. Write it after 'Title:' (present tense, e.g. \"Add modern virtio-blk ids\"), then run FileUpstream again."),
            { HasWrittenSections: false } => throw new BuildFailure(
                $"{shown} has a title but every section is empty. {rule}: say in your own words what the change fixes and how (Problem, Solution), then run FileUpstream again."),
            _ => description,
        };
    }

    private async Task<ForgeProject> FindOrCreateForkAsync(ForgeProject upstream, string forkPath, CancellationToken cancellationToken)
    {
        var fork = await forge.FindProjectAsync(forkPath, cancellationToken).ConfigureAwait(false);
        if (fork is not null && !string.Equals(fork.ParentPath, upstream.Path, StringComparison.OrdinalIgnoreCase))
            throw new BuildFailure($"{forkPath} exists on {forge.Name} but is not a fork of {upstream.Path}" +
                $"{(fork.ParentPath is null ? "" : $" (it forks {fork.ParentPath})")}. Rename or remove it, or fork {upstream.Path} yourself, then run FileUpstream again.");
        if (fork is null)
        {
            fork = await forge.CreateForkAsync(upstream, cancellationToken).ConfigureAwait(false);
            logger.Information("Asked {Forge} to fork {Upstream} as {Fork}; waiting until it is ready", forge.Name, upstream.Path, fork.Path);
        }

        // Bounded: at most ForkTimeout / PollInterval looks, however slow the forge is.
        var looks = (int)Math.Ceiling(options.ForkTimeout / options.PollInterval) + 1;
        for (var look = 1; look <= looks; look++)
        {
            if (await forge.IsForkReadyAsync(fork, cancellationToken).ConfigureAwait(false)) return fork;
            if (look < looks) await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
        throw new BuildFailure($"{forge.Name} has not finished copying the fork {fork.Path} after {options.ForkTimeout.TotalSeconds:0} s. The fork was requested; " +
            "run FileUpstream again in a few minutes and it continues from there.");
    }

    private void PrintPlan(FilingRequest request, PreparedUpstream prepared, AuthoredDescription description, string repository, string forkName)
    {
        logger.Information("Dry run: FileUpstream sends nothing to {Forge}. A real run would send these requests and run the push below " +
            "(values in <> come from the answers to earlier requests):", forge.Name);
        foreach (var planned in forge.PlanBeforePush(request.UpstreamProject, Placeholders.Login, $"{Placeholders.Login}/{forkName}", prepared.Branch))
            logger.Information("[dry-run] {Request}", planned);
        logger.Information("Title: {Title}; description: {Length} characters from {File}; branch {Branch} of {Repository}",
            description.Title, description.Body.Length, paths.Display(Path.Combine(request.PreparedDirectory, PreparedUpstream.DescriptionFile)), prepared.Branch, paths.Display(repository));
    }
}
