using System.Runtime.Serialization;
using RedoxBuild.Doctor;
using RedoxBuild.Engine;
using RedoxBuild.GitHub;
using RedoxBuild.GitLab;
using RedoxBuild.Model;
using RedoxBuild.Upstream;

/// <summary>Where FileUpstream opens the draft.</summary>
public enum UpstreamForge
{
    [EnumMember(Value = "github")] GitHub,
    [EnumMember(Value = "gitlab")] GitLab,
}

// Local patches and upstream merge requests. Redox's rule: a person authors and submits every merge request and writes
// its description; these targets only prepare (ExtractPatches, PrepareUpstream) and, when a person runs it on purpose,
// push and open a draft (FileUpstream). Nothing here writes merge-request prose.
partial class Build
{
    [Parameter("ExtractPatches: put uncommitted changes into one last patch instead of refusing.")]
    readonly bool IncludeUncommitted;

    [Parameter("PrepareUpstream: the branch is redox-build/<recipe>/<topic>. Default: from the first patch's title.")]
    readonly string? Topic;

    [Parameter("FileUpstream: the forge of the upstream project, github or gitlab.")]
    readonly UpstreamForge? Forge;

    [Parameter("FileUpstream: the upstream project, owner/name (group/name on GitLab). Default: from the recipe's git URL.")]
    readonly string? UpstreamProject;

    [Parameter("FileUpstream: run even when CI=true (it refuses by default: a person files upstream changes, not CI).")]
    readonly bool AllowCi;

    [Parameter("FileUpstream --forge github: a token that may fork and open pull requests.", Name = "GithubToken"), Secret]
    readonly string? GitHubToken;

    [Parameter("FileUpstream --forge gitlab: a personal access token with the api scope.", Name = "GitlabToken"), Secret]
    readonly string? GitLabToken;

    [Parameter("FileUpstream: GitHub's API root (GitHub Enterprise: https://host/api/v3). Default: https://api.github.com.", Name = "GithubApiUrl")]
    readonly string? GitHubApiUrl;

    [Parameter("FileUpstream: the GitLab instance, e.g. https://gitlab.example.com. Default: the host of the recipe's git URL.", Name = "GitlabUrl")]
    readonly string? GitLabUrl;

    /// <summary>
    /// Builds and tests PrepareUpstream runs on the prepared branch, each recorded in test-report.md. The component
    /// rebuild runs the recipe's cook for --target-triple with the series applied (its key changes with the series);
    /// a boot test follows when an image is given with --image.
    /// </summary>
    IReadOnlyList<IUpstreamVerifier> UpstreamVerifiers => [new ComponentBuildVerifier(this)];

    /// <summary>PrepareUpstream's checks: the component rebuilt with the series, then BootTest on --image when given.</summary>
    sealed class ComponentBuildVerifier(Build build) : IUpstreamVerifier
    {
        public async Task<IReadOnlyList<CheckResult>> VerifyAsync(PreparedBranch branch, CancellationToken cancellationToken)
        {
            var results = new List<CheckResult>();
            if (build.CreateRecipeCatalog().Find(branch.Recipe) is null)
            {
                // A checkout without a recipe (made by hand, or from another cookbook) has nothing this build can rebuild.
                results.Add(new CheckResult($"Cook {branch.Recipe}", CheckOutcome.Skipped, TimeSpan.Zero,
                    $"no recipe named {branch.Recipe} in the recipe folders (recipes/, --recipes, --cookbook)"));
                return results;
            }
            var started = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                await build.CookAsync(build.SelectRecipes([branch.Recipe]), build.Platform);
                results.Add(new CheckResult($"Cook {branch.Recipe} for {build.Platform.Triple}", CheckOutcome.Passed, started.Elapsed));
            }
            catch (BuildFailure failure)
            {
                results.Add(new CheckResult($"Cook {branch.Recipe} for {build.Platform.Triple}", CheckOutcome.Failed, started.Elapsed, failure.Message));
                return results;
            }
            results.Add(build.Image is null
                ? new CheckResult("BootTest", CheckOutcome.Skipped, TimeSpan.Zero, "no --image given (build one with DiskImage and pass it to boot-test the change)")
                : await build.BootTestCheckAsync(cancellationToken));
            return results;
        }
    }

    [UsesTools(ToolFamily.Sources)]
    Target ExtractPatches => _ => _
        .Description("Writes the commits in build/sources/<recipe> after its pinned revision and recipe patches to patches/<recipe> as a stable git format-patch series (--include-uncommitted adds uncommitted changes).")
        .Requires(() => Recipe)
        .Executes(async () =>
        {
            var (recipe, checkout) = RecipeCheckout();
            if (SkippedForDryRun("ExtractPatches", $"patches/{recipe}")) return;
            var source = await RecordedSource(recipe, checkout);
            var report = await new PatchExtractor(Processes, UpstreamPaths, GitUserEnvironment)
                .ExtractAsync(new ExtractionRequest(recipe, checkout, source, PatchSeries.DirectoryFor(RootDirectory, recipe), IncludeUncommitted));
            Logger.Information("{Report}", report.Describe());
            await AdoptExtractedCommitsAsync(recipe, checkout);
            ReportSummary(s => s["Patches"] = report.Changed ? $"{report.Added.Count} added, {report.Updated.Count} updated, {report.Removed.Count} removed" : "up to date");
        });

    /// <summary>
    /// After extraction the checkout's commits are exactly the pinned source plus the recipe's patches plus the new
    /// series, which is what a cook would now produce: record them as what the build applied, so the next cook (and
    /// PrepareUpstream's rebuild) uses the checkout as it is instead of refusing it as the user's edits.
    /// </summary>
    async Task AdoptExtractedCommitsAsync(string recipe, AbsolutePath checkout)
    {
        if (RedoxBuild.Cook.Fetch.CheckoutGuard.ReadState(checkout) is not { } state) return;
        if (CreateRecipeCatalog().Find(recipe) is not { } model) return;
        var script = model.Source switch { RedoxBuild.Model.Recipes.GitSource g => g.Script, RedoxBuild.Model.Recipes.TarSource t => t.Script, _ => null };
        var identity = new RedoxBuild.Cook.Fetch.SeriesPatchStep(Processes, Logger, RootDirectory / "patches", UpstreamPaths).Identity(model, script);
        var head = (await Processes.CaptureAsync(RedoxBuild.CliWrap.Cli.Wrap("git").WithArguments(["rev-parse", "HEAD"]).WithWorkingDirectory(checkout))).StandardOutput.Trim();
        RedoxBuild.Cook.Fetch.CheckoutGuard.WriteState(checkout, state with { AppliedIdentity = identity, Head = head });
    }

    [UsesTools(ToolFamily.Sources)]
    Target PrepareUpstream => _ => _
        .Description("Prepares build/upstream/<recipe> for a person to submit: a branch with one commit per patch on the upstream revision, the series, a test report and an empty description skeleton.")
        .Requires(() => Recipe)
        .Executes(async () =>
        {
            var (recipe, checkout) = RecipeCheckout();
            if (SkippedForDryRun("PrepareUpstream", $"build/upstream/{recipe}")) return;
            var source = await RecordedSource(recipe, checkout);
            var series = PatchSeries.Load(PatchSeries.DirectoryFor(RootDirectory, recipe), UpstreamPaths);
            var output = (Layout.Upstream / recipe).CreateDirectory();
            var prepared = await new UpstreamPreparer(Processes, Logger, UpstreamPaths, TimeProvider.System, UpstreamVerifiers, GitUserEnvironment)
                .PrepareAsync(new PreparationRequest(recipe, checkout, source, series, output, Topic), CancellationToken);
            var folder = output.RelativeTo(RootDirectory);
            Logger.Information("Prepared {Branch} ({Count:l}) in {Folder}/{Repo}. Next: read {Folder}/{Report}, write {Folder}/{Description} yourself " +
                "(Redox closes machine-written descriptions), then run FileUpstream --recipe {Recipe} --forge gitlab|github (try --dry-run first).",
                prepared.Branch, prepared.Patches.Count == 1 ? "1 commit" : $"{prepared.Patches.Count} commits", folder, PreparedUpstream.RepositoryFolder, folder, PreparedUpstream.TestReportFile, folder, PreparedUpstream.DescriptionFile, recipe);
            ReportSummary(s => s["Branch"] = prepared.Branch);
            if (!prepared.ChecksPassed)
                throw new BuildFailure($"A check on {prepared.Branch} failed; {folder}/{PreparedUpstream.TestReportFile} has the details. Fix the commits, run ExtractPatches and PrepareUpstream again.");
        });

    [UsesTools(ToolFamily.Sources)]
    Target FileUpstream => _ => _
        .Description("Opt-in, run by a person: pushes the prepared branch to your fork (created when missing) and opens a draft pull/merge request with the description you wrote. Refuses in CI.")
        .Requires(() => Recipe)
        .Requires(() => Forge)
        .Executes(async () =>
        {
            if (EnvironmentVariables.GetValueOrDefault("CI") == "true" && !AllowCi)
                throw new BuildFailure("FileUpstream does not run in CI (CI=true): it opens a pull or merge request in a person's name, and Redox accepts only changes " +
                    "a person submits on purpose. Run it yourself on your machine; if a person started this CI job to file their own change, pass --allow-ci.");
            var recipe = SingleRecipe();
            var folder = Layout.Upstream / recipe;
            var manifest = PreparedUpstream.Load(folder)
                ?? throw new BuildFailure($"{folder.RelativeTo(RootDirectory)} holds no prepared branch. Run PrepareUpstream --recipe {recipe} first.");
            var project = UpstreamProject ?? UpstreamProjects.PathFromUrl(manifest.UpstreamUrl)
                ?? throw new BuildFailure($"FileUpstream cannot tell the upstream project from '{manifest.UpstreamUrl ?? "(no URL recorded)"}'. Pass --upstream-project owner/name.");
            var token = Forge == UpstreamForge.GitHub ? GitHubToken : GitLabToken;
            using var client = CreateForgeClient(manifest);
            var forge = client switch
            {
                GitHubClient github => (IForge)new GitHubForge(github, TimeProvider.System),
                _ => new GitLabForge((GitLabClient)client, TimeProvider.System),
            };
            var filer = new UpstreamFiler(Processes, Logger, UpstreamPaths, forge, TemporaryDirectory, TimeProvider.System, FilingOptions.Default);
            var draft = await filer.FileAsync(new FilingRequest(recipe, folder, project, token, IsDryRun), CancellationToken);
            if (draft is not null) ReportSummary(s => s["Draft"] = draft.Url);
        });

    SourcePaths UpstreamPaths => new(RootDirectory);

    /// <summary>Git identity variables of this run's environment, passed on to git (tests and CI set them instead of a config file).</summary>
    IReadOnlyDictionary<string, string?> GitUserEnvironment =>
        new[] { "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL" }
            .Where(EnvironmentVariables.ContainsKey)
            .ToDictionary(name => name, name => (string?)EnvironmentVariables[name]);

    string SingleRecipe() => Recipe.Length == 1 ? RecipeNames.Check(Recipe[0])
        : throw new BuildFailure($"Patches and upstream work on one recipe at a time; --recipe names {Recipe.Length}: {string.Join(", ", Recipe)}.");

    (string Recipe, AbsolutePath Checkout) RecipeCheckout()
    {
        var recipe = SingleRecipe();
        var checkout = Layout.Sources / recipe;
        if (!(checkout / ".git").Exists())
            throw new BuildFailure(CreateRecipeCatalog().Index.TryFind(recipe, out _)
                ? $"{checkout.RelativeTo(RootDirectory)} is not a git checkout. Local patches come from the git checkout of a recipe's source: fetch it first with ./build.sh Fetch --recipe {recipe}, edit and commit there."
                : $"There is no recipe named {recipe} (looked in {string.Join(", ", RecipeRoots().Select(r => r.Label))}); give the name of a recipe's folder, e.g. --recipe base.");
        return (recipe, checkout);
    }

    async Task<SourceInfo> RecordedSource(string recipe, AbsolutePath checkout) =>
        await new GitSourceInfoStore().ReadAsync(new GitRepository(Processes, checkout), recipe)
        ?? throw new BuildFailure($"{checkout.RelativeTo(RootDirectory)} has no record of where its local edits start ({GitSourceInfoStore.BaseRef}). " +
            $"The build records it when it applies the recipe's patches to a fresh checkout; to record it by hand: {GitSourceInfoStore.HowToRecord(checkout.RelativeTo(RootDirectory))}");

    /// <summary>These targets read git's answers to decide what to write; a dry run runs no git, so it can only say so.</summary>
    bool SkippedForDryRun(string target, string output)
    {
        if (!IsDryRun) return false;
        Logger.Information("Dry run: {Target} reads git's output to decide what to write, and a dry run runs no tools; nothing in {Output} changes.", target, output);
        return true;
    }

    IDisposable CreateForgeClient(PreparedUpstream manifest)
    {
        CheckForgeMatchesUpstream(manifest.UpstreamUrl);
        if (Forge == UpstreamForge.GitHub)
        {
            var api = GitHubApiUrl is null ? GitHubClient.GitHubApiUrl : ParseUrl(GitHubApiUrl, "--github-api-url");
            return new GitHubClient(new RedoxBuild.GitHub.ProductHeaderValue("redox-build", typeof(Build).Assembly.GetName().Version?.ToString(3)), api)
            {
                Credentials = string.IsNullOrEmpty(GitHubToken) ? null : new Credentials(GitHubToken),
            };
        }
        var host = GitLabUrl is not null ? ParseUrl(GitLabUrl, "--gitlab-url")
            : Uri.TryCreate(manifest.UpstreamUrl, UriKind.Absolute, out var url) && url.Scheme is "https" or "http" ? new Uri(url.GetLeftPart(UriPartial.Authority))
            : throw new BuildFailure($"FileUpstream cannot tell the GitLab instance from '{manifest.UpstreamUrl ?? "(no URL recorded)"}'. Pass --gitlab-url https://host.");
        return new GitLabClient(host, GitLabToken);
    }

    /// <summary>
    /// A project on one forge filed through the other would open a request against an unrelated project, or send a
    /// token to the wrong host; unless the target is named explicitly, the recipe's git host must fit --forge.
    /// </summary>
    void CheckForgeMatchesUpstream(string? upstreamUrl)
    {
        var host = Uri.TryCreate(upstreamUrl, UriKind.Absolute, out var url) && !url.IsFile ? url.Host : null;
        if (host is null) return; // no URL: the project must be named with --upstream-project, which the caller requires
        var onGitHub = host.Equals("github.com", StringComparison.OrdinalIgnoreCase);
        if (Forge == UpstreamForge.GitHub && !onGitHub && UpstreamProject is null && GitHubApiUrl is null)
            throw new BuildFailure($"The recipe's upstream {upstreamUrl} is not on github.com. Use --forge gitlab for a GitLab project " +
                "(Redox's are on gitlab.redox-os.org), or name the GitHub project with --upstream-project owner/name.");
        if (Forge == UpstreamForge.GitLab && onGitHub && GitLabUrl is null)
            throw new BuildFailure($"The recipe's upstream {upstreamUrl} is on github.com, which is not a GitLab instance (your GitLab token is not sent there). " +
                "Use --forge github, or give the GitLab instance with --gitlab-url https://host and the project with --upstream-project.");
    }

    static Uri ParseUrl(string text, string parameter) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri
            : throw new BuildFailure($"{parameter} must be an http(s) URL, not '{text}'.");
}
