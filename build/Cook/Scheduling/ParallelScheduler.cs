namespace RedoxBuild.Cook.Scheduling;

/// <summary>One unit of work in a dependency graph: its name and the names it must wait for.</summary>
public sealed record WorkItem(string Name, IReadOnlyList<string> DependsOn);

/// <summary>How one work item ended.</summary>
public enum WorkOutcome { Succeeded, Failed, Skipped, Cancelled }

/// <summary>The result of one item: outcome, time and, for failures, the error.</summary>
public sealed record WorkResult(string Name, WorkOutcome Outcome, TimeSpan Duration, Exception? Error = null, string? SkipReason = null);

/// <summary>What the scheduler tells observers (progress view, logs) as work starts and ends.</summary>
public interface ISchedulerObserver
{
    void Started(string name, int running, int done, int total);
    void Finished(WorkResult result, int running, int done, int total);
}

/// <summary>Options: parallelism and whether a failure stops new work.</summary>
public sealed record SchedulerOptions(int Jobs, bool KeepGoing = false)
{
    public static SchedulerOptions Default => new(Environment.ProcessorCount);
}

/// <summary>
/// Runs a dependency graph of work items, up to <see cref="SchedulerOptions.Jobs"/> at once, each as soon as all its
/// dependencies succeeded. After a failure no new work starts (running items finish) unless KeepGoing, in which case
/// only the failed item's dependents are skipped. The graph is checked before anything runs (missing names, cycles).
/// </summary>
public sealed class ParallelScheduler(SchedulerOptions options, ISchedulerObserver? observer = null)
{
    public async Task<IReadOnlyList<WorkResult>> RunAsync(
        IReadOnlyList<WorkItem> items, Func<string, CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        if (options.Jobs < 1) throw new ArgumentOutOfRangeException(nameof(options), "Jobs must be at least 1.");
        GraphCheck.Validate(items);

        var byName = items.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var dependents = items.SelectMany(i => i.DependsOn.Select(d => (d, i.Name))).ToLookup(x => x.d, x => x.Name, StringComparer.Ordinal);
        var waitingOn = items.ToDictionary(i => i.Name, i => i.DependsOn.Distinct().Count(), StringComparer.Ordinal);
        var results = new Dictionary<string, WorkResult>(StringComparer.Ordinal);
        // Ready items start in the order the caller listed them (callers pass level order), which keeps runs predictable.
        var order = items.Select((item, index) => (item.Name, index)).ToDictionary(x => x.Name, x => x.index, StringComparer.Ordinal);
        var ready = new SortedSet<(int Index, string Name)>(items.Where(i => waitingOn[i.Name] == 0).Select(i => (order[i.Name], i.Name)));
        var running = new Dictionary<Task<WorkResult>, string>();
        var stopping = false;

        while (ready.Count > 0 || running.Count > 0)
        {
            while (!stopping && !cancellationToken.IsCancellationRequested && running.Count < options.Jobs && ready.Count > 0)
            {
                var next = ready.Min;
                ready.Remove(next);
                observer?.Started(next.Name, running.Count + 1, results.Count, items.Count);
                running[RunOneAsync(next.Name, work, cancellationToken)] = next.Name;
            }
            if (running.Count == 0) break;

            var finished = await Task.WhenAny(running.Keys);
            running.Remove(finished);
            var result = await finished;
            results[result.Name] = result;
            observer?.Finished(result, running.Count, results.Count, items.Count);

            if (result.Outcome == WorkOutcome.Succeeded)
            {
                foreach (var dependent in dependents[result.Name])
                    if (--waitingOn[dependent] == 0) ready.Add((order[dependent], dependent));
            }
            else
            {
                if (!options.KeepGoing) stopping = true;
                SkipDependents(result.Name, dependents, results, observer, items.Count, running.Count);
            }
        }

        // Whatever never started: skipped because the build stopped or was cancelled.
        foreach (var item in items.Where(i => !results.ContainsKey(i.Name)))
            results[item.Name] = new WorkResult(item.Name, cancellationToken.IsCancellationRequested ? WorkOutcome.Cancelled : WorkOutcome.Skipped, TimeSpan.Zero,
                SkipReason: cancellationToken.IsCancellationRequested ? "cancelled" : "the build stopped after a failure");
        return items.Select(i => results[i.Name]).ToList();
    }

    private static async Task<WorkResult> RunOneAsync(string name, Func<string, CancellationToken, Task> work, CancellationToken token)
    {
        // Yield first so a synchronous work function cannot block the scheduling loop.
        await Task.Yield();
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await work(name, token);
            return new WorkResult(name, WorkOutcome.Succeeded, started.Elapsed);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return new WorkResult(name, WorkOutcome.Cancelled, started.Elapsed);
        }
        catch (Exception e)
        {
            return new WorkResult(name, WorkOutcome.Failed, started.Elapsed, e);
        }
    }

    private static void SkipDependents(string failed, ILookup<string, string> dependents, Dictionary<string, WorkResult> results,
        ISchedulerObserver? observer, int total, int running)
    {
        var pending = new Stack<string>(dependents[failed]);
        while (pending.TryPop(out var name))
        {
            if (results.ContainsKey(name)) continue;
            results[name] = new WorkResult(name, WorkOutcome.Skipped, TimeSpan.Zero, SkipReason: $"depends on {failed}, which did not succeed");
            observer?.Finished(results[name], running, results.Count, total);
            foreach (var next in dependents[name]) pending.Push(next);
        }
    }
}

/// <summary>Refuses graphs with unknown dependency names or cycles, naming them, before anything runs.</summary>
public static class GraphCheck
{
    public static void Validate(IReadOnlyList<WorkItem> items)
    {
        var names = items.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var duplicate = items.GroupBy(i => i.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Work item '{duplicate.Key}' is listed twice.");
        foreach (var item in items)
            foreach (var d in item.DependsOn.Where(d => !names.Contains(d)))
                throw new InvalidOperationException($"'{item.Name}' depends on '{d}', which is not part of this run.");

        var byName = items.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        void Visit(string name)
        {
            state[name] = 1;
            path.Add(name);
            foreach (var d in byName[name].DependsOn)
            {
                if (state.GetValueOrDefault(d) == 1)
                    throw new InvalidOperationException($"Dependency cycle: {string.Join(" -> ", path.Skip(path.IndexOf(d)).Append(d))}");
                if (state.GetValueOrDefault(d) == 0) Visit(d);
            }
            path.RemoveAt(path.Count - 1);
            state[name] = 2;
        }
        foreach (var item in items) if (state.GetValueOrDefault(item.Name) == 0) Visit(item.Name);
    }
}
