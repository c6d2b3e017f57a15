using System.Text;

namespace RedoxBuild.Doctor;

/// <summary>The Doctor table and the install commands for what is missing.</summary>
public static class DoctorReport
{
    public static string Table(IReadOnlyList<ToolStatus> statuses, HostOs os, IReadOnlySet<ToolFamily> needed)
    {
        var sb = new StringBuilder();
        var rows = statuses.Select(s => (
            Family: s.Tool.Family.ToString(),
            Tool: s.Tool.Name,
            Status: s.Found ? "ok" : needed.Contains(s.Tool.Family) ? "MISSING" : "missing",
            Detail: s.Found ? (s.Version is null ? s.Path! : $"{s.Version} ({s.Path})") : $"install: {s.Tool.Install.For(os)}")).ToList();
        var widths = (Family: Math.Max(6, rows.Max(r => r.Family.Length)), Tool: Math.Max(4, rows.Max(r => r.Tool.Length)));
        sb.AppendLine($"{"Family".PadRight(widths.Family)}  {"Tool".PadRight(widths.Tool)}  {"Status",-7}  Version / install");
        sb.AppendLine(new string('─', widths.Family + widths.Tool + 30));
        foreach (var r in rows)
            sb.AppendLine($"{r.Family.PadRight(widths.Family)}  {r.Tool.PadRight(widths.Tool)}  {r.Status,-7}  {r.Detail}");
        return sb.ToString().TrimEnd();
    }

    /// <summary>For each missing tool, the install command on every host family.</summary>
    public static string InstallCommands(IEnumerable<ToolStatus> missing)
    {
        var sb = new StringBuilder();
        foreach (var s in missing)
        {
            sb.AppendLine($"{s.Tool.Name} ({s.Tool.Family}):");
            sb.AppendLine($"  Debian/Ubuntu: {s.Tool.Install.Debian}");
            sb.AppendLine($"  Fedora:        {s.Tool.Install.Fedora}");
            sb.AppendLine($"  Arch:          {s.Tool.Install.Arch}");
            sb.AppendLine($"  macOS:         {s.Tool.Install.MacOs}");
        }
        return sb.ToString().TrimEnd();
    }
}
