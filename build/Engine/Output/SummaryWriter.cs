using System.Text;

namespace RedoxBuild.Engine;

/// <summary>The end-of-run table in Nuke's layout (target, status, duration, notes), and its Markdown twin for CI.</summary>
public static class SummaryWriter
{
    public static string Write(IReadOnlyList<ExecutableTarget> plan, TimeSpan total)
    {
        var rows = plan.Where(t => t.Status != ExecutionStatus.Collective).ToList();
        var nameWidth = Math.Max(19, rows.Select(t => t.Name.Length).DefaultIfEmpty(0).Max() + 4);
        var width = nameWidth + 10 + 10;
        var sb = new StringBuilder();
        sb.AppendLine(new string('═', width));
        sb.AppendLine("Target".PadRight(nameWidth) + "Status".PadRight(10) + "Duration".PadLeft(10));
        sb.AppendLine(new string('─', width));
        foreach (var t in rows)
        {
            var duration = t.Status is ExecutionStatus.Succeeded or ExecutionStatus.Failed or ExecutionStatus.Aborted ? Format(t.Duration) : "";
            var line = t.Name.PadRight(nameWidth) + t.Status.ToString().PadRight(10) + duration.PadLeft(10);
            var notes = Notes(t);
            sb.AppendLine(notes.Length == 0 ? line : line + "   // " + notes);
        }
        sb.AppendLine(new string('─', width));
        sb.AppendLine("Total".PadRight(nameWidth + 10) + Format(total).PadLeft(10));
        sb.AppendLine(new string('═', width));
        return sb.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    public static string WriteMarkdown(IReadOnlyList<ExecutableTarget> plan, TimeSpan total, bool succeeded)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"### Build {(succeeded ? "succeeded" : "failed")}");
        sb.AppendLine();
        sb.AppendLine("| Target | Status | Duration | Notes |");
        sb.AppendLine("|---|---|---:|---|");
        foreach (var t in plan.Where(t => t.Status != ExecutionStatus.Collective))
            sb.AppendLine($"| {t.Name} | {t.Status} | {(t.Duration > TimeSpan.Zero ? Format(t.Duration) : "")} | {Notes(t).Replace("|", "\\|", StringComparison.Ordinal)} |");
        sb.AppendLine($"| **Total** | | {Format(total)} | |");
        return sb.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static string Notes(ExecutableTarget t)
    {
        var notes = t.SummaryInformation.Select(kv => $"{kv.Key}: {kv.Value}").ToList();
        if (t.Status == ExecutionStatus.Skipped && t.SkipReason is not null) notes.Insert(0, t.SkipReason);
        if (t.Status is ExecutionStatus.Failed or ExecutionStatus.Aborted && t.FailureReason is not null) notes.Insert(0, t.FailureReason);
        return string.Join(", ", notes);
    }

    /// <summary>m:ss, or "&lt; 1sec" below a second, as Nuke prints it.</summary>
    public static string Format(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1) ? "< 1sec" : $"{(int)duration.TotalMinutes}:{duration.Seconds:00}";
}
