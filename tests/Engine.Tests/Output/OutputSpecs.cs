using RedoxBuild.Engine.Tests.Support;

namespace RedoxBuild.Engine.Tests.Output;

/// <summary>What a run prints: the summary table, plans, hosts' blocks and annotations, the job summary.</summary>
public class OutputSpecs : IDisposable
{
    private readonly TestRun _run = new();

    public void Dispose() => _run.Dispose();

    private sealed class LocatedFailure(string message) : BuildFailure(message), IHasSourceLocation
    {
        public SourceLocation? Location => new("profiles/cloud.toml", 12, 7);
    }

    private sealed class Reporting : NukeBuild
    {
        Target Compile => _ => _.Executes(() => ReportSummary(s => s["Image"] = "512 MiB"));
        Target Check => _ => _.DependsOn(Compile).Executes(() => throw new LocatedFailure("profiles/cloud.toml:12:7: unknown key 'cpu'"));
        Target Warn => _ => _.Executes(() => Logger.Warning("slow mirror"));
    }

    [Fact]
    public void The_summary_table_has_Nukes_layout()
    {
        var a = new ExecutableTarget("Restore", 0) { Status = ExecutionStatus.Succeeded, Duration = TimeSpan.FromSeconds(16) };
        var b = new ExecutableTarget("Compile", 1) { Status = ExecutionStatus.Succeeded, Duration = TimeSpan.FromSeconds(59) };
        b.SummaryInformation.Add(new("Version", "5.3.0"));
        var c = new ExecutableTarget("Test", 2) { Status = ExecutionStatus.Skipped, SkipReason = "OnlyWhen: IsServerBuild" };
        var d = new ExecutableTarget("All", 3) { Status = ExecutionStatus.Collective };

        var text = SummaryWriter.Write([a, b, c, d], TimeSpan.FromSeconds(128));

        text.Should().Be("""
            ═══════════════════════════════════════
            Target             Status      Duration
            ───────────────────────────────────────
            Restore            Succeeded       0:16
            Compile            Succeeded       0:59   // Version: 5.3.0
            Test               Skipped                // OnlyWhen: IsServerBuild
            ───────────────────────────────────────
            Total                              2:08
            ═══════════════════════════════════════

            """.Replace("\r\n", "\n"));
    }

    [Fact]
    public async Task GitHub_Actions_gets_groups_error_annotations_with_positions_and_a_job_summary()
    {
        var summary = Path.Combine(_run.Root, "step-summary.md");
        _run.Environment["GITHUB_ACTIONS"] = "true";
        _run.Environment["GITHUB_STEP_SUMMARY"] = summary;

        var code = await _run.RunAsync(new Reporting(), ["Check"]);

        code.Should().Be(1);
        _run.Out.Should().Contain("::group::Compile\n").And.Contain("::endgroup::\n")
            .And.Contain("::error file=profiles/cloud.toml,line=12,col=7::Target Check failed: profiles/cloud.toml:12:7: unknown key 'cpu'");
        var markdown = File.ReadAllText(summary);
        markdown.Should().Contain("### Build failed").And.Contain("| Compile | Succeeded |").And.Contain("Image: 512 MiB")
            .And.Contain("| Check | Failed |");
    }

    [Fact]
    public async Task Warnings_are_repeated_in_the_errors_and_warnings_block()
    {
        await _run.RunAsync(new Reporting(), ["Warn"]);

        _run.Out.Should().Contain("Errors & Warnings").And.Contain("[WRN] Warn: slow mirror");
    }

    [Fact]
    public async Task Plan_explains_why_each_target_is_in_it_and_writes_a_mermaid_graph()
    {
        var code = await _run.RunAsync(new Reporting(), ["--plan", "Check"]);

        code.Should().Be(0);
        _run.Out.Should().Be("Execution plan (2 targets, in order):\n   1. Compile  dependency of Check\n   2. Check    invoked\n");
        File.ReadAllText(Path.Combine(_run.Root, ".nuke", "temp", "execution-plan.md")).Should().Contain("Compile --> Check");
    }

    [Theory]
    [InlineData("--plan Doctor", "Doctor", null)]
    [InlineData("--plan true Doctor", "Doctor", "true")]
    [InlineData("Doctor --dry-run off", "Doctor", null)]
    public void A_boolean_switch_takes_only_a_boolean_word_and_leaves_target_names_positional(string line, string target, string? planValue)
    {
        var parser = new ArgumentParser(line.Split(' '), new HashSet<string> { "plan", "dryrun" });

        parser.Positional.Should().Equal(target);
        (parser.Get("plan")?.SingleOrDefault()).Should().Be(planValue);
    }
}
