namespace RedoxBuild.Engine;

/// <summary>
/// Nuke's planning rules, as a pure function over targets:
/// cycles are refused first (over every dependency kind) with the cycle's path; then the graph is walked top-down
/// (Kahn-style), keeping a target when it was invoked or is an execution dependency
/// of one already kept; the kept list reversed is the run order. Triggers add their targets and the walk repeats
/// until nothing new is added. Ordering dependencies (After/Before) only order; they never pull a target in.
/// Nuke only promises a partial order; ties here are broken so that independent targets run in declaration order.
/// </summary>
public static class ExecutionPlanner
{
    public static IReadOnlyList<ExecutableTarget> Plan(IReadOnlyList<ExecutableTarget> all, IReadOnlyList<string> invokedNames)
    {
        CheckForCycles(all);

        var invoked = invokedNames.Count > 0
            ? invokedNames.Select(n => Find(all, n)).Distinct().ToList()
            : all.Where(t => t.IsDefault).ToList();
        foreach (var t in invoked) t.Invoked = true;

        IReadOnlyList<ExecutableTarget> plan;
        List<ExecutableTarget> added;
        do
        {
            plan = PlanOnce(all, invoked);
            added = plan.SelectMany(t => t.Triggers).Distinct().Except(plan).ToList();
            invoked = invoked.Concat(added).ToList();
        } while (added.Count > 0);

        return plan;
    }

    /// <summary>Matches an invoked name ignoring case and dashes ("build-image" is BuildImage).</summary>
    public static ExecutableTarget Find(IReadOnlyList<ExecutableTarget> all, string name)
    {
        var wanted = Normalize(name);
        return all.FirstOrDefault(t => Normalize(t.Name) == wanted)
            ?? throw new UnknownTargetException(name, Suggest(all, name));
    }

    /// <summary>
    /// The listed target closest to a misspelled name, when one is close enough to be a plausible typo; else the targets
    /// whose names contain it (a word from another build's vocabulary: "qemu" finds RunQemu and RunQemuNet).
    /// </summary>
    public static string? Suggest(IReadOnlyList<ExecutableTarget> all, string name)
    {
        var wanted = Normalize(name);
        var listed = all.Where(t => t.Listed).ToList();
        var typo = listed
            .Select(t => (t.Name, Distance: EditDistance.Between(wanted, Normalize(t.Name))))
            .Where(x => x.Distance <= Math.Max(2, wanted.Length / 3))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.OrdinalIgnoreCase)
            .Select(x => x.Name).FirstOrDefault();
        if (typo is not null || wanted.Length < 3) return typo;
        var containing = listed.Where(t => Normalize(t.Name).Contains(wanted, StringComparison.Ordinal))
            .OrderBy(t => t.Name.Length).ThenBy(t => t.Name, StringComparer.Ordinal).Take(3).Select(t => t.Name).ToList();
        return containing.Count == 0 ? null : string.Join(" or ", containing);
    }

    internal static string Normalize(string name) => name.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    private static List<ExecutableTarget> PlanOnce(IReadOnlyList<ExecutableTarget> all, IReadOnlyList<ExecutableTarget> invoked)
    {
        // The walk is top-down and reversed at the end, so the last-declared free target is taken first.
        var remaining = all.OrderByDescending(t => t.DeclarationIndex).ToList();
        var dependedOn = remaining.ToDictionary(t => t, _ => 0);
        foreach (var t in remaining)
            foreach (var d in t.AllDependencies)
                dependedOn[d]++;

        var kept = new List<ExecutableTarget>();
        var neededByKept = new HashSet<ExecutableTarget>();
        while (remaining.Count > 0)
        {
            // A target that no remaining target depends on.
            var next = remaining.First(t => dependedOn[t] == 0);
            remaining.Remove(next);
            foreach (var d in next.AllDependencies) dependedOn[d]--;

            if (!invoked.Contains(next) && !neededByKept.Contains(next)) continue;
            kept.Add(next);
            foreach (var d in next.ExecutionDependencies) neededByKept.Add(d);
        }

        kept.Reverse();
        return kept;
    }

    /// <summary>Refuses any cycle over execution, ordering and trigger dependencies, naming its path.</summary>
    public static void CheckForCycles(IReadOnlyList<ExecutableTarget> all)
    {
        var state = new Dictionary<ExecutableTarget, int>(); // 1 = on the current path, 2 = done
        var path = new List<ExecutableTarget>();

        void Visit(ExecutableTarget t)
        {
            state[t] = 1;
            path.Add(t);
            foreach (var d in t.AllDependencies.OrderBy(x => x.DeclarationIndex))
            {
                if (state.GetValueOrDefault(d) == 1)
                {
                    var cycle = path.Skip(path.IndexOf(d)).Append(d).Select(x => x.Name);
                    throw new BuildConfigurationException($"Circular dependency between targets: {string.Join(" -> ", cycle)}");
                }
                if (state.GetValueOrDefault(d) == 0) Visit(d);
            }
            path.RemoveAt(path.Count - 1);
            state[t] = 2;
        }

        foreach (var t in all.OrderBy(x => x.DeclarationIndex))
            if (state.GetValueOrDefault(t) == 0) Visit(t);
    }
}

/// <summary>
/// An invoked target name matched nothing. The message suggests the closest target and points at --help for the
/// full list (Redox's build has dozens of targets; listing them all buries the hint).
/// </summary>
public sealed class UnknownTargetException(string name, string? suggestion)
    : Exception($"Target with name '{name}' does not exist.{(suggestion is null ? "" : $" Did you mean {suggestion}?")} Run ./build.sh --help to list the targets.")
{
    public string Name { get; } = name;
    public string? Suggestion { get; } = suggestion;
}
