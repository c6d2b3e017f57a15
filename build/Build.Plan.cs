using System.Text;
using RedoxBuild.Engine;
using RedoxBuild.Model.Planning;

partial class Build
{
    Target Plan => _ => _
        .Description("Resolves --profile into the packages it needs (recipe dependencies included) and prints the build order as levels that build in parallel; --json writes the plan for other tools.")
        .Executes(() =>
        {
            var plan = PlanProfile();

            Logger.Information("{Plan}", FormatPlan(plan, LoadProfile().Sources));
            if (WriteJson(() => PackagePlanJson.Write(plan, SourcePaths.Display)))
                Logger.Information("Wrote the plan to {Path}", SourcePaths.Display(Json!));
            ReportSummary(s => s["Packages"] = $"{plan.Packages.Count} in {plan.Levels.Count} levels");
        });

    /// <summary>One table per level: what can build at the same time, and how each package is made.</summary>
    string FormatPlan(PackagePlan plan, IReadOnlyList<string> sources)
    {
        var rows = plan.Packages.Select(p => new[]
        {
            p.Name.ToString(), p.Template, p.Rule.ToString().ToLowerInvariant(), p.Host ? "host" : "", SourcePaths.Display(p.Recipe.Directory),
        }).ToList();
        string[] header = ["package", "template", "rule", "host", "recipe"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        string Row(string[] cells) => "  " + string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

        var text = new StringBuilder();
        text.Append($"Profile {plan.Profile} ({string.Join(" + ", sources.Distinct())}): {plan.Packages.Count} packages in {plan.Levels.Count} build levels");
        var index = 0;
        for (var level = 0; level < plan.Levels.Count; level++)
        {
            var count = plan.Levels[level].Count;
            text.Append($"\nLevel {level}: {count} package{(count == 1 ? "" : "s")}{(level == 0 ? " with no build dependencies" : $", built after level {level - 1}")}\n");
            text.Append(Row(header));
            foreach (var _ in plan.Levels[level])
                text.Append('\n').Append(Row(rows[index++]));
        }
        return text.ToString();
    }
}
