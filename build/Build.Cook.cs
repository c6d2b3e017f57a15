using RedoxBuild.Cook;
using RedoxBuild.Cook.Containers;
using RedoxBuild.Cook.Fetch;
using RedoxBuild.Cook.Keys;
using RedoxBuild.Cook.Scripting;
using RedoxBuild.Cook.Staging;
using RedoxBuild.Cook.Toolchains;
using RedoxBuild.Doctor;
using RedoxBuild.Engine;
using RedoxBuild.Model;
using RedoxBuild.Model.Planning;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Toml;
using RedoxBuild.Upstream;

partial class Build
{
    [Parameter("The Rust target triple recipes are cooked for: <arch>-unknown-redox for x86_64, i586, aarch64 or riscv64gc, or the host triple to build natively.")]
    readonly string TargetTriple = TargetPlatform.Redox.Triple;

    [Parameter("Recipes cooked at the same time. Default: the number of CPU cores.")]
    readonly int? Jobs;

    [Parameter("After a recipe fails, keep cooking everything that does not depend on it.")]
    readonly bool KeepGoing;

    [Parameter("Never use the network: sources must be in the mirror and download caches already.")]
    readonly bool Offline;

    [Parameter("Where git mirrors and downloaded archives are kept, shared by every checkout. Default: ~/.cache/redox-build.")]
    readonly AbsolutePath? SourceCache;

    [UsesTools(ToolFamily.Sources, ToolFamily.RustToolchain, ToolFamily.CBuild)]
    Target Cook => _ => _
        .Description("Cooks the recipes named with --recipe (and their build dependencies) for --target-triple: fetch, patch, build, stage; reuses every output whose inputs did not change; --json writes the results.")
        .DependsOn(Relibc)
        .Requires(() => Recipe)
        .Executes(() => CookAsync(RecipePlan(), Platform));

    [UsesTools(ToolFamily.Sources, ToolFamily.RustToolchain, ToolFamily.CBuild)]
    Target Packages => _ => _
        .Description("Cooks every package the --profile needs (its whole closure), in parallel where the dependency graph allows.")
        .DependsOn(Relibc)
        .Executes(() => CookAsync(PlanProfile(), Platform));

    [UsesTools(ToolFamily.Sources)]
    Target Fetch => _ => _
        .Description("Fetches and patches the sources of --recipe (or of the --profile's packages) into build/sources, pinning floating ones in recipes.lock.")
        .Executes(async () =>
        {
            var plan = Recipe.Length > 0 ? RecipePlan() : PlanProfile();
            var units = CookUnit.FromPlan(plan, Platform);
            var services = CookServices(Platform);
            // Sources only: no content keys, so fetching needs no toolchain (it may run before Toolchain, or offline later).
            var fetched = units.Where(u => u.Recipe.Source is not null).DistinctBy(u => u.Recipe.Name).ToList();
            foreach (var unit in fetched)
            {
                var source = await services.Keys.ResolveSourceAsync(unit, CancellationToken);
                await services.Sources.PrepareAsync(unit.Recipe, source, CancellationToken);
            }
            ReportSummary(s => s["Sources"] = $"{fetched.Count} recipes");
        });

    [UsesTools(ToolFamily.Sources, ToolFamily.RustToolchain, ToolFamily.CBuild)]
    Target PublishCache => _ => _
        .Description("Cooks the --profile's closure (Packages) and pushes every output to the remote binary caches (--cache-url): what CI runs so others build each output once.")
        .DependsOn(Packages)
        .Requires(() => CacheUrl.Length > 0)
        .Executes(async () =>
        {
            var plan = PlanProfile();
            var services = CookServices(Platform);
            var keyed = await services.Keys.PlanAsync(CookUnit.FromPlan(plan, Platform), CancellationToken);
            var stages = new StageStore(CookLayout.Stages);
            var requests = keyed.Select(k => (k, output: stages.TryGet(k.Key.Hex)))
                .Where(x => x.output is not null)
                .Select(x => new RedoxBuild.Cache.CachePublishRequest(x.k.Key.Hex, x.output!.Tree,
                    new RedoxBuild.Cache.OutputMetadata(x.k.Unit.Id, x.k.Unit.Recipe.Package.Version ?? "", TimeSpan.FromSeconds(x.output.Manifest.BuildSeconds))))
                .ToList();
            await using var cache = CreateBinaryCache();
            var published = await cache.PublishAsync(requests, CancellationToken);
            ReportSummary(s => cache.Report.AddTo(s));
            if (published.Failures.Count > 0)
                throw new BuildFailure($"{published.Failures.Count} upload(s) failed:\n" + string.Join("\n", published.Failures.Select(f => $"  {f.Key[..12]} to {f.Remote}: {f.Error}")));
            Logger.Information("Published {Count} outputs to {Remotes}", requests.Count, string.Join(", ", CacheUrl.Select(RedoxBuild.Cache.Stores.CacheStoreFactory.Redact)));
        });

    Target CleanRecipe => _ => _
        .Description("Deletes the build trees and staged outputs of --recipe (every platform); the source checkout, which may hold your edits, is kept.")
        .Requires(() => Recipe)
        .Executes(() =>
        {
            var stages = new StageStore(CookLayout.Stages);
            // Names become folder names under build/work/<triple>/: a plain recipe name only, never a path out of it.
            foreach (var name in Recipe.Select(r => RedoxBuild.Upstream.RecipeNames.Check(r.StartsWith("host:", StringComparison.Ordinal) ? r[5..] : r)).ToList())
            {
                var trees = Directory.Exists(CookLayout.Work)
                    ? Directory.GetDirectories(CookLayout.Work).Select(d => Path.Combine(d, name)).Where(Directory.Exists).ToList()
                    : [];
                var outputs = (Directory.Exists(stages.Root) ? Directory.GetDirectories(stages.Root) : [])
                    .Where(stage => stages.TryGet(Path.GetFileName(stage)) is { } output && new[] { name, "host:" + name }.Contains(output.Manifest.Recipe))
                    .ToList();
                if (trees.Count + outputs.Count == 0)
                {
                    Logger.Information("Nothing to clean for {Recipe}: no build trees or staged outputs", name);
                    continue;
                }
                if (IsDryRun)
                {
                    Logger.Information("[dry-run] would delete {Trees} and {Count} staged output(s) of {Recipe}", trees.Select(SourcePaths.Display), outputs.Count, name);
                    continue;
                }
                foreach (var directory in trees.Concat(outputs)) Directory.Delete(directory, recursive: true);
                Logger.Information("Cleaned {Recipe}: {Trees} build tree(s) and {Count} staged output(s); build/sources/{Recipe} kept", name, trees.Count, outputs.Count, name);
            }
        });

    TargetPlatform Platform => new(TargetTriple);

    /// <summary>Why --target-triple cannot be cooked for (null when it can): rustup and every compiler would fail later, less clearly.</summary>
    internal string? TargetTripleProblem()
    {
        if (TargetPlatform.Supported.Contains(TargetTriple, StringComparer.Ordinal)) return null;
        var closest = TargetPlatform.Closest(TargetTriple);
        var described = TargetPlatform.Supported.Select(t => new TargetPlatform(t).IsRedox ? t : $"{t} (native)");
        return $"--target-triple {TargetTriple} is not a target this build cooks for.{(closest is null ? "" : $" Did you mean {closest}?")} " +
               $"Supported: {string.Join(", ", described)}.";
    }

    CookLayout CookLayout => new(RootDirectory, Layout.Sources, Layout.Work,
        SourceCache ?? AbsolutePath.Create(Path.Combine(
            EnvironmentVariables.GetValueOrDefault("XDG_CACHE_HOME") ?? Path.Combine(EnvironmentVariables.GetValueOrDefault("HOME", "/tmp"), ".cache"), "redox-build")),
        RootDirectory / RecipesLock.FileName, RootDirectory / "patches");

    [Parameter("Cook without the binary cache (neither restore nor store outputs).")]
    readonly bool NoCache;

    [Parameter("Cook one share of the closure, i/n: this CI job builds every n-th recipe of each level and takes the rest from the remote cache (--cache-url), which it publishes its own outputs to.")]
    readonly string? Shard;

    [Parameter("With --shard: seconds to wait for an output another shard builds.")]
    readonly int ShardTimeout = 7200;

    async Task CookAsync(PackagePlan plan, TargetPlatform platform, ToolchainBootstrap? bootstrap = null)
    {
        await using var cache = NoCache || IsDryRun ? null : CreateBinaryCache();
        // One builder container for the whole cook with --container (removed when the cook ends, however it ends).
        await using var builder = await StartBuilderContainerAsync();
        var services = CookServices(platform, cache, builder, bootstrap);
        var units = CookUnit.FromPlan(plan, platform);
        CookReport report;
        try
        {
            report = await services.Engine.CookAsync(units, EnvironmentVariables.GetValueOrDefault("PATH", ""), CancellationToken);
        }
        catch (CookFailedException failed)
        {
            WriteCookJson(failed.Report);
            throw;
        }
        WriteCookJson(report);
        Remember(report);
        ReportSummary(s =>
        {
            s["Recipes"] = $"{report.Results.Count} ({report.Results.Count(r => r.Cached)} cached)";
            cache?.Report.AddTo(s);
        });
    }

    // What this run cooked already, by unit: later targets (image inputs, host tools) take it instead of keying, logging
    // and (in a dry run) printing the same cook again. Stages do not change within a run.
    readonly Dictionary<string, CookResult> _cookedThisRun = new(StringComparer.Ordinal);

    void Remember(CookReport report)
    {
        foreach (var result in report.Results.Where(r => r.Outcome == RedoxBuild.Cook.Scheduling.WorkOutcome.Succeeded)) _cookedThisRun[result.Name] = result;
    }

    /// <summary>The results of these units if this run cooked every one of them already; null otherwise.</summary>
    CookReport? CookedThisRun(IReadOnlyList<CookUnit> units) =>
        units.All(u => _cookedThisRun.ContainsKey(u.Id)) ? new CookReport(units.Select(u => _cookedThisRun[u.Id]).ToList()) : null;

    void WriteCookJson(CookReport report)
    {
        if (WriteJson(report.ToJson)) Logger.Information("Wrote the cook results to {Path}", SourcePaths.Display(Json!));
    }

    /// <summary>The named recipes and everything they need to build (build and dev dependencies, transitively).</summary>
    PackagePlan SelectRecipes(IReadOnlyList<string> names)
    {
        var position = new TomlPosition("--recipe", 1, 1);
        var selections = names.Select(n => new PackageSelection(PackageName.TryParse(n, out var parsed, out var reason) ? parsed : throw new BuildFailure($"--recipe {n}: {reason}"),
            PackageRule.Default, null, position)).ToList();
        var plan = new PackagePlanner(CreateRecipeCatalog(), ModelDiagnostics).Plan("--recipe " + string.Join(",", names), selections);
        var needed = new HashSet<PackageName>();
        var pending = new Stack<PackageName>(selections.Select(s => s.Name));
        while (pending.TryPop(out var name))
            if (needed.Add(name) && plan.Find(name) is { } package)
                foreach (var dependency in package.BuildDependencies) pending.Push(dependency);
        return plan with
        {
            Packages = plan.Packages.Where(p => needed.Contains(p.Name)).ToList(),
            Levels = plan.Levels.Select(l => (IReadOnlyList<PackageName>)l.Where(needed.Contains).ToList()).Where(l => l.Count > 0).ToList(),
        };
    }

    /// <summary>The targets that cook (directly or through their dependencies' parameters).</summary>
    string[] CookingTargets => [nameof(Toolchain), nameof(Relibc), nameof(Kernel), nameof(Bootloader), nameof(Base), nameof(HostTools), nameof(Cook),
        nameof(Packages), nameof(PublishCache), nameof(Initfs), nameof(DiskImage), nameof(LiveImage)];

    /// <summary>Cook's own parameters, checked before the first cook (and before any target when one will cook).</summary>
    void CheckCookParameters()
    {
        if (Jobs is < 1) throw new BuildFailure($"--jobs (env JOBS) must be at least 1, got {Jobs}; leave it out to use every core ({Environment.ProcessorCount}).");
        if (Shard is not null) RedoxBuild.Cook.Scheduling.Shard.Parse(Shard);
        if (ContainerUser is not null) RedoxBuild.Cook.Containers.ContainerUser.Parse(ContainerUser);
        CheckCacheParameters();
    }

    // Planned once per run (the build checks them before any target runs, then the targets use the same plans).
    PackagePlan? _profilePlan;
    PackagePlan? _recipePlan;

    PackagePlan PlanProfile() => _profilePlan ??= new PackagePlanner(CreateRecipeCatalog(), ModelDiagnostics).Plan(LoadProfile());

    /// <summary>The recipes named with --recipe and their build dependencies.</summary>
    PackagePlan RecipePlan() => _recipePlan ??= SelectRecipes(Recipe);

    sealed record CookParts(KeyPlanner Keys, SourcePreparer Sources, CookEngine Engine);

    CookParts CookServices(TargetPlatform platform, RedoxBuild.Cache.IBuildCache? cache = null, ContainerScriptHost? builder = null, ToolchainBootstrap? bootstrap = null)
    {
        var layout = CookLayout;
        CheckCookParameters();
        var options = new CookOptions(platform, Jobs ?? Environment.ProcessorCount, KeepGoing, Offline,
            ToolchainBin: platform.IsHost ? null : bootstrap?.ToolchainBin ?? Path.Combine(RootDirectory, "prefix", platform.Triple, "sysroot", "bin"), Sccache: CompilerCache())
        {
            ExtraEnvironment = bootstrap?.Environment ?? new Dictionary<string, string>(),
            WithheldEnvironment = SecretEnvironmentNames(),
            Shard = Shard is null ? null : RedoxBuild.Cook.Scheduling.Shard.Parse(Shard),
            ShardTimeout = TimeSpan.FromSeconds(ShardTimeout),
        };
        if (options.Shard is not null && (NoCache || CacheUrl.Length == 0))
            throw new BuildFailure($"--shard {Shard} shares outputs between CI jobs through a remote binary cache: give --cache-url (and drop --no-cache).");
        var git = new Git(Processes);
        var mirrors = new GitMirrorCache(git, layout.GitMirrors, Offline);
        var downloader = new Downloader(new HttpClient(), layout.Downloads, Logger, IsDryRun, Offline);
        var resolver = new SourceResolver(RecipesLock.Load(layout.LockFile), mirrors, downloader, CreateRecipeCatalog(), Offline, IsDryRun);
        var toolchains = new ToolchainIdentity(Processes, RootDirectory, BuilderImageIdentity(builder), bootstrap?.Identity);
        var keys = new KeyPlanner(resolver, toolchains, layout, options);
        var patches = new SeriesPatchStep(Processes, Logger, layout.Patches, new SourcePaths(RootDirectory), SecretEnvironmentNames());
        var sources = new SourcePreparer(git, new SourceCheckout(git, mirrors), new ArchiveCheckout(git, Processes), downloader, Processes, patches, layout.Sources);
        var stages = new StageStore(layout.Stages);
        var cooker = new RecipeCooker(layout, options, new ScriptRunner(Processes, layout.Helpers, Logger, builder), stages, Logger, IsDryRun);
        return new CookParts(keys, sources, new CookEngine(keys, sources, cooker, stages, options, Logger, IsDryRun, cache, Status));
    }
}
