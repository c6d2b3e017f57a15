using System.Globalization;
using System.Text;

namespace RedoxBuild.Upstream;

public enum CheckOutcome { Passed, Failed, Skipped }

/// <summary>One build or test that ran on a prepared branch, with its result.</summary>
public sealed record CheckResult(string Name, CheckOutcome Outcome, TimeSpan Duration, string? Details = null);

/// <summary>The branch PrepareUpstream made: the repository holding it, its name and commit, and its upstream base.</summary>
public sealed record PreparedBranch(string Recipe, string Repository, string Branch, string Head, string UpstreamRev);

/// <summary>
/// Builds or tests a prepared branch (the component's rebuild and a boot test); PrepareUpstream records every result
/// in the test report. The seam the component build and BootTest plug into.
/// </summary>
public interface IUpstreamVerifier
{
    Task<IReadOnlyList<CheckResult>> VerifyAsync(PreparedBranch branch, CancellationToken cancellationToken);
}

/// <summary>test-report.md: which checks ran on the branch and what they gave, for the author to read.</summary>
public static class TestReport
{
    public static string Render(PreparedUpstream prepared, IReadOnlyList<CheckResult> checks, bool componentChecksWired)
    {
        var text = new StringBuilder()
            .Append("# Test report: ").Append(prepared.Recipe).Append(", branch ").Append(prepared.Branch).Append("\n\n")
            .Append("What ran when PrepareUpstream prepared this branch, and the results. It is a record for you, the author: ")
            .Append("rerun what you need and describe your testing in the merge request in your own words.\n\n")
            .Append("- Upstream: ").Append(prepared.UpstreamUrl ?? "(no URL recorded)").Append(" at ").Append(prepared.UpstreamRev).Append('\n')
            .Append("- Branch: ").Append(prepared.Branch).Append(" at ").Append(prepared.Head)
            .Append(" (").Append(prepared.Patches.Count).Append(prepared.Patches.Count == 1 ? " commit" : " commits").Append(", one per patch)\n")
            .Append("- Prepared: ").Append(prepared.PreparedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(" UTC\n\n")
            .Append("| Check | Result | Time |\n|---|---|---|\n");
        foreach (var check in checks)
            text.Append("| ").Append(check.Name.Replace("|", "\\|", StringComparison.Ordinal)).Append(" | ")
                .Append(check.Outcome.ToString().ToLowerInvariant()).Append(" | ")
                .Append(check.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" s |\n");
        if (!componentChecksWired)
            text.Append("\nNo component build or boot test ran: none is wired into PrepareUpstream in this build.\n");
        foreach (var check in checks.Where(c => c.Details is { Length: > 0 }))
            text.Append("\n## ").Append(check.Name).Append(": ").Append(check.Outcome.ToString().ToLowerInvariant()).Append("\n\n```\n")
                .Append(check.Details!.TrimEnd()).Append("\n```\n");
        return text.ToString();
    }
}
