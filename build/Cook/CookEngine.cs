using System.Collections.Concurrent;
using System.Text.Json;
using RedoxBuild.Cache;
using RedoxBuild.Cook.Fetch;
using RedoxBuild.Cook.Keys;
using RedoxBuild.Cook.Scheduling;
using RedoxBuild.Cook.Staging;
using RedoxBuild.Engine;
using RedoxBuild.Model;
using Serilog;

namespace RedoxBuild.Cook;

/// <summary>One unit's outcome, as the Cook --json contract writes it.</summary>
public sealed record CookResult(string Name, string Key, bool Cached, string? StageDir, double Seconds, WorkOutcome Outcome, string? Reason = null);

/// <summary>A whole cook: per unit results, and the failures that stopped it.</summary>
public sealed record CookReport(IReadOnlyList<CookResult> Results)
{
    public bool Succeeded => Results.All(r => r.Outcome == WorkOutcome.Succeeded);

    public string ToJson() => JsonSerializer.Serialize(Results.Select(r => new
    {
        name = r.Name, key = r.Key, cached = r.Cached, stage_dir = r.StageDir, seconds = Math.Round(r.Seconds, 3),
    }), new JsonSerializerOptions { WriteIndented = true });
}

/// <summary>Some units failed; the report (for --json) still lists every unit.</summary>
public sealed class CookFailedException(string message, CookReport report) : BuildFailure(message)
{
    public CookReport Report { get; } = report;
}

/// <summary>
/// Cooks units in dependency order: every key is computed first (no source is touched for that); units whose key
/// already has a complete stage are reused as they are; the rest are fetched, patched and built in parallel up to
/// --jobs, each as soon as its build dependencies are done. After a failure no new unit starts unless keep-going.
/// </summary>
public sealed class CookEngine(KeyPlanner keys, SourcePreparer sources, RecipeCooker cooker, StageStore stages, CookOptions options, ILogger logger, bool dryRun,
    IBuildCache? cache = null, StatusLine? status = null)
{
    public async Task<CookReport> CookAsync(IReadOnlyList<CookUnit> units, string hostPath, CancellationToken cancellationToken)
    {
        var keyed = await keys.PlanAsync(units, cancellationToken);
        var byId = keyed.ToDictionary(k => k.Unit.Id, StringComparer.Ordinal);
        var built = new ConcurrentDictionary<PackageName, StagedOutput>();
        var results = new ConcurrentDictionary<string, CookResult>(StringComparer.Ordinal);

        foreach (var k in keyed)
            if (stages.TryGet(k.Key.Hex) is { } cached)
            {
                built[k.Unit.Name] = cached;
                results[k.Unit.Id] = new CookResult(k.Unit.Id, k.Key.Hex, true, cached.Tree, 0, WorkOutcome.Succeeded);
            }

        if (cache is not null && !dryRun) await RestoreFromCacheAsync(keyed, built, results, cancellationToken);

        var toBuild = keyed.Where(k => !results.ContainsKey(k.Unit.Id)).ToList();
        logger.Information("{Cached} of {Total} recipes are up to date; {Building} to cook{List}", keyed.Count - toBuild.Count, keyed.Count, toBuild.Count,
            toBuild.Count == 0 ? "" : ": " + string.Join(", ", toBuild.Select(k => k.Unit.Id)));
        foreach (var k in toBuild)
            logger.Debug("{Unit} ({Key}): {Why}", k.Unit.Id, k.Key.Short, string.Join("; ", k.Key.DescribeChangesFrom(k.Previous)));

        var sharding = options.Shard is { } shard ? ShardPlan.For(shard, toBuild, logger) : null;
        if (sharding is not null)
        {
            foreach (var skipped in toBuild.Where(k => !sharding.Builds(k.Unit.Id) && !sharding.Awaits(k.Unit.Id)))
                results[skipped.Unit.Id] = new CookResult(skipped.Unit.Id, skipped.Key.Hex, false, null, 0, WorkOutcome.Succeeded, $"built by another shard than {options.Shard}");
            toBuild = toBuild.Where(k => !results.ContainsKey(k.Unit.Id)).ToList();
        }

        var fromOtherShards = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var items = toBuild.Select(k => new WorkItem(k.Unit.Id,
            sharding?.Awaits(k.Unit.Id) == true ? [] :
            k.Unit.BuildDependencies.Select(d => d.ToString()).Where(d => byId.ContainsKey(d) && !results.ContainsKey(d)).ToList())).ToList();
        using var progress = new CookProgress(logger, dryRun, status, TimeProvider.System);
        var scheduler = new ParallelScheduler(new SchedulerOptions(options.Jobs, options.KeepGoing), progress);
        var outcomes = await scheduler.RunAsync(items, async (id, token) =>
        {
            var k = byId[id];
            if (sharding?.Awaits(id) == true)
            {
                built[k.Unit.Name] = await WaitForOtherShardAsync(k, token);
                fromOtherShards[id] = true;
                return;
            }
            var source = await sources.PrepareAsync(k.Unit.Recipe, k.Source, token);
            var output = await cooker.CookAsync(k, source, built, hostPath);
            if (output is null) return;
            built[k.Unit.Name] = output;
            if (cache is not null)
            {
                var metadata = new OutputMetadata(k.Unit.Id, k.Unit.Recipe.Package.Version ?? "", TimeSpan.FromSeconds(output.Manifest.BuildSeconds));
                await cache.StoreAsync(k.Key.Hex, output.Tree, metadata, token);
                // Other shards wait for this output: share it at once rather than at the end.
                if (sharding is not null) await cache.PublishAsync([new CachePublishRequest(k.Key.Hex, output.Tree, metadata)], token);
            }
        }, cancellationToken);

        foreach (var outcome in outcomes)
        {
            var k = byId[outcome.Name];
            var stage = built.TryGetValue(k.Unit.Name, out var output) ? output.Tree : null;
            var shared = fromOtherShards.ContainsKey(outcome.Name);
            results[outcome.Name] = new CookResult(outcome.Name, k.Key.Hex, shared, stage, shared ? 0 : outcome.Duration.TotalSeconds, outcome.Outcome,
                shared ? "built by another shard, taken from the cache" : outcome.SkipReason ?? outcome.Error?.Message);
        }

        var report = new CookReport(keyed.Select(k => results[k.Unit.Id]).ToList());
        var failed = outcomes.Where(o => o.Outcome == WorkOutcome.Failed).ToList();
        if (failed.Count > 0)
        {
            var skipped = outcomes.Where(o => o.Outcome == WorkOutcome.Skipped).Select(o => o.Name).ToList();
            throw new CookFailedException(string.Join("\n\n", failed.Select(f => $"{f.Name} failed: {f.Error?.Message}")) +
                (skipped.Count > 0 ? $"\n\nNot built because of that: {string.Join(", ", skipped)}." : ""), report);
        }
        if (dryRun) logger.Information("[dry-run] nothing was fetched or built");
        return report;
    }

    /// <summary>Polls the caches (remotes included) for an output another shard builds, with growing pauses, until the shard timeout.</summary>
    private async Task<StagedOutput> WaitForOtherShardAsync(KeyedUnit k, CancellationToken token)
    {
        var deadline = DateTime.UtcNow + options.ShardTimeout;
        var pause = TimeSpan.FromSeconds(1);
        while (true)
        {
            var temporary = stages.BeginTemporary(k.Key.Hex);
            var restored = await cache!.TryRestoreAsync(k.Key.Hex, Path.Combine(temporary, "stage"), token);
            if (restored.Hit)
            {
                logger.Information("{Unit}: taken from the cache after another shard built it", k.Unit.Id);
                return stages.Commit(temporary, k.Key.Hex, k.Unit.Id, k.Unit.Platform.Triple, restored.TimeSaved.TotalSeconds);
            }
            Directory.Delete(temporary, recursive: true);
            if (DateTime.UtcNow + pause > deadline)
                throw new BuildFailure($"{k.Unit.Id} ({k.Key.Short}) is built by another shard and did not reach the cache within {options.ShardTimeout}. Did that shard fail? Its log names the error.");
            await Task.Delay(pause, token);
            pause = TimeSpan.FromSeconds(Math.Min(15, pause.TotalSeconds * 1.5));
        }
    }

    /// <summary>
    /// Before building anything, asks the binary cache for every output not staged here yet (local store first, then
    /// the remotes); a verified hit is published as a stage like a build would, so its dependents never wait on a build.
    /// A failing cache only logs (unless --require-cache): it never fails the cook.
    /// </summary>
    private async Task RestoreFromCacheAsync(IReadOnlyList<KeyedUnit> keyed, ConcurrentDictionary<PackageName, StagedOutput> built,
        ConcurrentDictionary<string, CookResult> results, CancellationToken cancellationToken)
    {
        foreach (var k in keyed.Where(k => !results.ContainsKey(k.Unit.Id)))
        {
            var temporary = stages.BeginTemporary(k.Key.Hex);
            var restored = await cache!.TryRestoreAsync(k.Key.Hex, Path.Combine(temporary, "stage"), cancellationToken);
            if (!restored.Hit)
            {
                Directory.Delete(temporary, recursive: true);
                continue;
            }
            var output = stages.Commit(temporary, k.Key.Hex, k.Unit.Id, k.Unit.Platform.Triple, restored.TimeSaved.TotalSeconds);
            built[k.Unit.Name] = output;
            results[k.Unit.Id] = new CookResult(k.Unit.Id, k.Key.Hex, true, output.Tree, 0, WorkOutcome.Succeeded, $"restored from {restored.Source}");
            logger.Information("{Unit} restored from the binary cache ({Source}), saving about {Saved:0} s", k.Unit.Id, restored.Source, restored.TimeSaved.TotalSeconds);
        }
    }
}

/// <summary>
/// Which units a shard builds (its round-robin share of each level) and which it must wait for because one of its own
/// needs them; everything else is left to the other shards entirely.
/// </summary>
internal sealed class ShardPlan(IReadOnlySet<string> builds, IReadOnlySet<string> awaits)
{
    public bool Builds(string id) => builds.Contains(id);

    public bool Awaits(string id) => awaits.Contains(id);

    public static ShardPlan For(Shard shard, IReadOnlyList<KeyedUnit> remaining, ILogger logger)
    {
        var byId = remaining.ToDictionary(k => k.Unit.Id, StringComparer.Ordinal);
        var level = new Dictionary<string, int>(StringComparer.Ordinal);
        int LevelOf(string id) => level.TryGetValue(id, out var known) ? known
            : level[id] = 1 + byId[id].Unit.BuildDependencies.Select(d => d.ToString()).Where(byId.ContainsKey).Select(LevelOf).DefaultIfEmpty(-1).Max();
        var levels = remaining.GroupBy(k => LevelOf(k.Unit.Id)).OrderBy(g => g.Key).Select(g => g.Select(k => k.Unit.Id));
        var builds = shard.Assigned(levels);

        var awaits = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in builds)
            foreach (var dependency in byId[id].Unit.BuildDependencies.Select(d => d.ToString()).Where(d => byId.ContainsKey(d) && !builds.Contains(d)))
                awaits.Add(dependency);
        logger.Information("Shard {Shard}: building {Builds} of {Total} recipes, waiting for {Awaits} from other shards", shard, builds.Count, remaining.Count, awaits.Count);
        return new ShardPlan(builds, awaits);
    }
}
