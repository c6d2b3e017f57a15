using RedoxBuild.Engine.Tests.CliWrap;
using RedoxBuild.Engine.Tests.Support;
using RedoxBuild.CliWrap;

namespace RedoxBuild.Engine.Tests.Execution;

/// <summary>How targets run tools: logging, failure reports, redaction, cancellation and --dry-run.</summary>
public class ProcessesSpecs : IDisposable
{
    private readonly TestRun _run = new();

    public void Dispose() => _run.Dispose();

    private sealed class Tools : NukeBuild
    {
        public string Marker = "";
        [Parameter, Secret] public string? ApiToken;

        Target Touch => _ => _.Executes(() => Processes.RunAsync(
            Cli.Wrap("/bin/sh").WithArguments(["-c", "echo created > \"$1\"; echo done", "sh", Marker])
                .WithWorkingDirectory("/tmp")
                .WithEnvironmentVariables(e => e.Set("COOKBOOK_JOBS", "2").Unset("RUSTFLAGS"))));

        Target Fail => _ => _.Executes(() => Processes.RunAsync(
            Cli.Wrap("/bin/sh").WithArguments(["-c", "for i in 1 2 3; do echo line $i; done; echo oops >&2; exit 3"]).WithWorkingDirectory("/tmp")));

        Target Secretive => _ => _.Executes(() => Processes.RunAsync(Dummy.Command("echo", "token=" + ApiToken)));

        Target Query => _ => _.Executes(async () => Marker = (await Processes.CaptureAsync(Dummy.Command("echo", "v1.2.3"))).StandardOutput.Trim());

        Target Sleep => _ => _.Executes(() => Processes.RunAsync(Dummy.Command("sleep", "30")));

        Target Quiet => _ => _.Executes(() => Processes.RunAsync(Dummy.Command("echo", "console-output"),
            new RunOptions { OutputLevel = Serilog.Events.LogEventLevel.Verbose }));

        // Like a runner restoring the terminal: the cleanup must run although Ctrl+C cancelled the target.
        Target SleepThenCleanUp => _ => _.Executes(async () =>
        {
            try
            {
                await Processes.RunAsync(Dummy.Command("sleep", "30"));
            }
            finally
            {
                await Processes.RunAsync(Cli.Wrap("/bin/sh").WithArguments(["-c", "echo cleaned > \"$1\"", "sh", Marker]),
                    new RunOptions { Cancellation = CancellationToken.None });
            }
        });
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task A_dry_run_prints_each_command_as_a_shell_line_and_runs_nothing()
    {
        var marker = Path.Combine(_run.Root, "marker.txt");
        var build = new Tools { Marker = marker };

        var code = await _run.RunAsync(build, ["Touch", "--dry-run"]);

        code.Should().Be(0);
        File.Exists(marker).Should().BeFalse();
        var expected = $"(cd /tmp && env -u RUSTFLAGS COOKBOOK_JOBS=2 /bin/sh -c 'echo created > \"$1\"; echo done' sh {marker})";
        build.Processes.Planned.Should().ContainSingle().Which.ShellLine.Should().Be(expected);
        _run.Out.Should().Contain($"[dry-run] {expected}");
        File.ReadAllText(Path.Combine(_run.Root, ".nuke", "temp", "dry-run.sh")).Should().EndWith(expected + "\n");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task A_real_run_logs_the_command_line_and_streams_its_output()
    {
        var marker = Path.Combine(_run.Root, "marker.txt");

        var code = await _run.RunAsync(new Tools { Marker = marker }, ["Touch"]);

        code.Should().Be(0);
        File.ReadAllText(marker).Should().Be("created\n");
        _run.Out.Should().Contain("> /bin/sh -c 'echo created > \"$1\"; echo done' sh " + marker).And.Contain("[DBG]   done");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task A_tool_that_exits_non_zero_fails_the_target_with_exit_code_and_last_output()
    {
        var build = new Tools();

        var code = await _run.RunAsync(build, ["Fail"]);

        code.Should().Be(1);
        build.ExecutionPlan.Single().FailureReason.Should().StartWith("ToolFailure: '/bin/sh -c");
        _run.Out.Should().Contain("exited with code 3 (in /tmp).").And.Contain("Last output:").And.Contain("line 3").And.Contain("oops");
        _run.Out.Should().NotContain("   at ", "an expected tool failure is reported without a stack trace");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task Secrets_never_appear_in_logged_command_lines()
    {
        _run.Environment["API_TOKEN"] = "s3cr3t-value-xyz";

        await _run.RunAsync(new Tools(), ["Secretive", "--dry-run"]);

        _run.Out.Should().Contain("token=[REDACTED]").And.NotContain("s3cr3t-value-xyz");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task Captured_queries_return_the_output_and_print_nothing_in_a_dry_run()
    {
        var build = new Tools();
        await _run.RunAsync(build, ["Query"]);
        build.Marker.Should().Be("v1.2.3");

        var dry = new Tools();
        await _run.RunAsync(dry, ["Query", "--dry-run"]);
        dry.Marker.Should().BeEmpty();
        dry.Processes.Planned.Should().ContainSingle();
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task Cancelling_the_run_kills_the_running_tool_and_aborts_the_target()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var build = new Tools();
        var invocation = new BuildInvocation(["Sleep"], _run.Environment, _run.Root, new StringWriter(), new StringWriter(), false)
        {
            CancellationToken = cancel.Token,
        };
        var started = DateTime.UtcNow;

        var code = await BuildRunner.RunAsync(invocation, () => build);

        code.Should().Be(1);
        build.ExecutionPlan.Single().Status.Should().Be(ExecutionStatus.Aborted);
        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(25), "the 30 s sleeper was killed, not waited for");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task Output_logged_at_verbose_stays_off_the_console_at_normal_verbosity_but_reaches_the_log_file()
    {
        var code = await _run.RunAsync(new Tools(), ["Quiet"]);

        code.Should().Be(0);
        _run.Out.Should().Contain("echo console-output").And.NotContain("]   console-output");
        File.ReadAllText(Path.Combine(_run.Root, ".nuke", "temp", "build.log")).Should().Contain("console-output");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task A_command_given_its_own_cancellation_still_runs_after_the_run_was_cancelled()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var marker = Path.Combine(_run.Root, "cleaned.txt");
        var build = new Tools { Marker = marker };
        var invocation = new BuildInvocation(["SleepThenCleanUp"], _run.Environment, _run.Root, new StringWriter(), new StringWriter(), false)
        {
            CancellationToken = cancel.Token,
        };

        var code = await BuildRunner.RunAsync(invocation, () => build);

        code.Should().Be(1);
        build.ExecutionPlan.Single().Status.Should().Be(ExecutionStatus.Aborted);
        File.ReadAllText(marker).Should().Be("cleaned\n");
    }
}
