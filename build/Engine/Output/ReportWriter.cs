using System.Text;
using Serilog.Events;

namespace RedoxBuild.Engine;

/// <summary>The end of a run: the Errors &amp; Warnings block, the summary table and the outcome line.</summary>
internal static class ReportWriter
{
    public static string Write(BuildSession session, IReadOnlyList<ExecutableTarget> plan, TimeSpan total, bool succeeded)
    {
        var sb = new StringBuilder();
        var events = session.Warnings.Events;
        if (events.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Errors & Warnings");
            sb.AppendLine(new string('─', 40));
            foreach (var (level, target, message) in events)
                sb.AppendLine($"[{(level >= LogEventLevel.Error ? "ERR" : "WRN")}] {(target.Length > 0 ? target + ": " : "")}{message}");
        }
        sb.AppendLine();
        sb.Append(SummaryWriter.Write(plan, total));
        sb.AppendLine();
        sb.AppendLine(succeeded ? $"Build succeeded on {DateTime.Now:yyyy-MM-dd HH:mm:ss}." : $"Build failed on {DateTime.Now:yyyy-MM-dd HH:mm:ss}.");
        return session.Secrets.Redact(sb.ToString());
    }
}
