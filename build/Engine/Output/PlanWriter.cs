using System.Text;

namespace RedoxBuild.Engine;

/// <summary>The --plan text: the ordered targets, why each is there, and what would be skipped.</summary>
public static class PlanWriter
{
    public static string Write(IReadOnlyList<ExecutableTarget> plan, Func<ExecutableTarget, string?> predictSkip)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Execution plan ({plan.Count} target{(plan.Count == 1 ? "" : "s")}, in order):");
        var width = plan.Select(t => t.Name.Length).DefaultIfEmpty(0).Max() + 2;
        for (var i = 0; i < plan.Count; i++)
        {
            var t = plan[i];
            var reason = Reason(t, plan);
            var skip = predictSkip(t);
            sb.AppendLine($"  {i + 1,2}. {t.Name.PadRight(width)}{reason}{(skip is null ? "" : $"  [skipped: {skip}]")}");
        }
        return sb.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>Invoked, default, a dependency of a later target, or triggered by an earlier one.</summary>
    public static string Reason(ExecutableTarget t, IReadOnlyList<ExecutableTarget> plan)
    {
        if (t.Invoked) return t.IsDefault ? "default" : "invoked";
        var dependent = plan.FirstOrDefault(p => p.ExecutionDependencies.Contains(t));
        if (dependent is not null) return $"dependency of {dependent.Name}";
        var trigger = plan.FirstOrDefault(p => p.Triggers.Contains(t));
        return trigger is not null ? $"triggered by {trigger.Name}" : "";
    }

    /// <summary>A Mermaid graph of the plan (solid: DependsOn, dashed: ordering, thick: trigger), for .nuke/temp/execution-plan.md.</summary>
    public static string WriteMermaid(IReadOnlyList<ExecutableTarget> plan)
    {
        var sb = new StringBuilder("```mermaid\ngraph LR\n");
        foreach (var t in plan)
        {
            sb.AppendLine($"  {t.Name}");
            foreach (var d in t.ExecutionDependencies.Where(plan.Contains)) sb.AppendLine($"  {d.Name} --> {t.Name}");
            foreach (var d in t.OrderDependencies.Where(plan.Contains)) sb.AppendLine($"  {d.Name} -.-> {t.Name}");
            foreach (var d in t.TriggerDependencies.Where(plan.Contains)) sb.AppendLine($"  {d.Name} ==> {t.Name}");
        }
        sb.AppendLine("```");
        return sb.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
