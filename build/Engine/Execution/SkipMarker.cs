namespace RedoxBuild.Engine;

/// <summary>
/// --skip and static conditions, before anything runs. An invoked target is never skipped by --skip (nuke#1415);
/// a target skipped with DependencyBehavior.Skip also skips its execution dependencies and triggers that no other
/// still-scheduled target needs, recursively (nuke#1414).
/// </summary>
internal static class SkipMarker
{
    public static void Mark(IReadOnlyList<ExecutableTarget> plan, IReadOnlyList<ExecutableTarget> all, IReadOnlyList<string>? skipNames)
    {
        if (skipNames is not null)
        {
            // --skip may name any target of the build; an unknown name is an error like an unknown invoked target.
            var named = skipNames.Select(n => ExecutionPlanner.Find(all, n)).ToHashSet();
            foreach (var t in plan.Where(t => !t.Invoked && (skipNames.Count == 0 || named.Contains(t))))
                SkipTarget(t, "via --skip");
        }

        foreach (var t in plan.Where(t => t.Status == ExecutionStatus.Scheduled))
            if (t.StaticConditions.FirstOrDefault(c => !c.Evaluate()) is { } failed)
                SkipTarget(t, $"OnlyWhen: {failed.Text}");

        bool changed;
        do
        {
            changed = false;
            foreach (var skipped in plan.Where(t => t is { Status: ExecutionStatus.Skipped, SkipBehavior: DependencyBehavior.Skip }).ToList())
            {
                foreach (var d in skipped.ExecutionDependencies.Concat(skipped.Triggers).Where(d => d.Status == ExecutionStatus.Scheduled && !d.Invoked && plan.Contains(d)))
                {
                    var stillNeeded = plan.Any(o => o != d && o.Status == ExecutionStatus.Scheduled && (o.ExecutionDependencies.Contains(d) || o.Triggers.Contains(d)));
                    if (stillNeeded) continue;
                    SkipTarget(d, $"because of {skipped.Name}");
                    changed = true;
                }
            }
        } while (changed);
    }

    private static void SkipTarget(ExecutableTarget t, string reason)
    {
        t.Status = ExecutionStatus.Skipped;
        t.SkipReason ??= reason;
    }
}

/// <summary>Checks Requires(...) of every still-scheduled target before anything runs (fail fast, nuke#120).</summary>
internal static class RequirementValidator
{
    public static void Validate(IReadOnlyList<ExecutableTarget> plan, IReadOnlyList<string> missingRequiredParameters)
    {
        var failures = plan.Where(t => t.Status == ExecutionStatus.Scheduled)
            .SelectMany(t => t.Requirements.Select(r => (Target: t, Message: r.Check())))
            .Where(x => x.Message is not null)
            .Select(x => $"Target '{x.Target.Name}' {x.Message}.")
            .ToList();
        if (plan.Any(t => t.Status == ExecutionStatus.Scheduled)) failures.AddRange(missingRequiredParameters);
        if (failures.Count > 0) throw new RequirementException(failures);
    }
}

/// <summary>One or more requirements failed; nothing ran.</summary>
public sealed class RequirementException(IReadOnlyList<string> failures)
    : Exception(string.Join(Environment.NewLine, failures))
{
    public IReadOnlyList<string> Failures { get; } = failures;
}
