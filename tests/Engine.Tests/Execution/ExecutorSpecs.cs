using RedoxBuild.Engine.Tests.Support;

namespace RedoxBuild.Engine.Tests.Execution;

/// <summary>Skip, condition, requirement and failure semantics (nuke#1414, #1415, #1429, #120), run end to end.</summary>
public class ExecutorSpecs : IDisposable
{
    private readonly TestRun _run = new();

    public void Dispose() => _run.Dispose();

    private sealed class Chain : NukeBuild
    {
        public List<string> Ran { get; } = [];
        public bool FlagForDynamic;
        public bool StaticAllowed = true;

        Target Restore => _ => _.Executes(() => Ran.Add("Restore"));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => Ran.Add("Compile"));
        Target Lint => _ => _.DependsOn(Restore).Executes(() => Ran.Add("Lint"));
        Target Test => _ => _.DependsOn(Compile, Lint).OnlyWhenStatic(() => StaticAllowed).Executes(() => Ran.Add("Test"));
        Target Pack => _ => _.DependsOn(Compile).Executes(() => Ran.Add("Pack"));
        Target Dynamic => _ => _.DependsOn(Compile).OnlyWhenDynamic(() => FlagForDynamic).Executes(() => Ran.Add("Dynamic"));
        Target SetFlag => _ => _.Before(Dynamic).Executes(() => { FlagForDynamic = true; Ran.Add("SetFlag"); });
    }

    [Fact]
    public async Task An_invoked_target_is_never_skipped_by_skip()
    {
        var build = new Chain();

        var code = await _run.RunAsync(build, ["Compile", "--skip", "Compile"]);

        code.Should().Be(0);
        build.Ran.Should().Equal("Restore", "Compile");
    }

    [Fact]
    public async Task Skip_without_names_skips_every_target_that_was_not_invoked()
    {
        var build = new Chain();

        await _run.RunAsync(build, ["Pack", "--skip"]);

        build.Ran.Should().Equal("Pack");
        build.ExecutionPlan.Single(t => t.Name == "Compile").SkipReason.Should().Be("via --skip");
    }

    [Fact]
    public async Task A_skipped_target_also_skips_dependencies_nothing_else_needs()
    {
        var build = new Chain();

        await _run.RunAsync(build, ["Test", "Pack", "--skip", "Lint"]);

        // Lint is skipped; Restore is still needed by Compile, which Pack needs.
        build.Ran.Should().Equal("Restore", "Compile", "Test", "Pack");
    }

    [Fact]
    public async Task A_false_static_condition_skips_the_target_and_its_exclusive_dependencies()
    {
        var build = new Chain { StaticAllowed = false };

        await _run.RunAsync(build, ["Test"]);

        build.Ran.Should().BeEmpty();
        var plan = build.ExecutionPlan.ToDictionary(t => t.Name);
        plan["Test"].SkipReason.Should().Be("OnlyWhen: StaticAllowed");
        plan["Compile"].SkipReason.Should().Be("because of Test");
        plan["Restore"].Status.Should().Be(ExecutionStatus.Skipped);
        _run.Out.Should().Contain("Test").And.Contain("Skipped").And.Contain("// OnlyWhen: StaticAllowed");
    }

    [Fact]
    public async Task A_skipped_dependency_still_needed_by_another_scheduled_target_runs()
    {
        var build = new Chain { StaticAllowed = false };

        await _run.RunAsync(build, ["Test", "Pack"]);

        build.Ran.Should().Equal("Restore", "Compile", "Pack");
        build.ExecutionPlan.Single(t => t.Name == "Lint").SkipReason.Should().Be("because of Test");
    }

    [Fact]
    public async Task A_dynamic_condition_is_evaluated_right_before_the_target_runs()
    {
        var build = new Chain();

        await _run.RunAsync(build, ["SetFlag", "Dynamic"]);

        build.Ran.Should().Equal("Restore", "Compile", "SetFlag", "Dynamic");
    }

    private sealed class WhenSkippedExecute : NukeBuild
    {
        public List<string> Ran { get; } = [];
        Target Prepare => _ => _.Executes(() => Ran.Add("Prepare"));
        Target Deploy => _ => _.DependsOn(Prepare).OnlyWhenStatic(() => false).WhenSkipped(DependencyBehavior.Execute).Executes(() => Ran.Add("Deploy"));
    }

    [Fact]
    public async Task WhenSkipped_Execute_keeps_the_dependencies_of_a_skipped_target()
    {
        var build = new WhenSkippedExecute();

        await _run.RunAsync(build, ["Deploy"]);

        build.Ran.Should().Equal("Prepare");
    }

    private sealed class Failing : NukeBuild
    {
        public List<string> Ran { get; } = [];
        public bool Proceed;
        Target First => _ => _.Executes(() => Ran.Add("First"));
        Target Broken => _ => _.DependsOn(First).Executes(() => throw new BuildFailure("kernel link failed"));
        Target Tolerant => _ => _.DependsOn(First).ProceedAfterFailure().Executes(() => throw new InvalidOperationException("flaky"));
        Target Later => _ => _.DependsOn(Broken).Executes(() => Ran.Add("Later"));
        Target AfterTolerant => _ => _.DependsOn(Tolerant).Executes(() => Ran.Add("AfterTolerant"));
        Target Cleanup => _ => _.After(Later, AfterTolerant).AssuredAfterFailure().Executes(() => Ran.Add("Cleanup"));
    }

    [Fact]
    public async Task A_failing_target_stops_the_build_runs_assured_targets_and_exits_1()
    {
        var build = new Failing();

        var code = await _run.RunAsync(build, ["Later", "Cleanup"]);

        code.Should().Be(1);
        build.Ran.Should().Equal("First", "Cleanup");
        var plan = build.ExecutionPlan.ToDictionary(t => t.Name);
        plan["Broken"].Status.Should().Be(ExecutionStatus.Failed);
        plan["Broken"].FailureReason.Should().Be("BuildFailure: kernel link failed");
        plan["Later"].Status.Should().Be(ExecutionStatus.NotRun);
        _run.Out.Should().Contain("Target Broken failed: kernel link failed").And.Contain("Build failed on");
    }

    [Fact]
    public async Task ProceedAfterFailure_lets_the_build_go_on_but_it_still_fails()
    {
        var build = new Failing();

        var code = await _run.RunAsync(build, ["AfterTolerant"]);

        code.Should().Be(1);
        build.Ran.Should().Equal("First", "AfterTolerant");
        build.ExecutionPlan.Single(t => t.Name == "Tolerant").Status.Should().Be(ExecutionStatus.Failed);
    }

    private sealed class WithRequirements : NukeBuild
    {
        public List<string> Ran { get; } = [];
        [Parameter("Redox image profile")] readonly string? Profile;
        [Parameter("Needed always"), Required] readonly string? Arch;
        Target Early => _ => _.Executes(() => Ran.Add("Early"));
        Target Image => _ => _.DependsOn(Early).Requires(() => Profile).Executes(() => Ran.Add("Image"));
        Target Guarded => _ => _.Requires(() => Profile == "cloud").Executes(() => Ran.Add("Guarded"));
    }

    [Fact]
    public async Task Requirements_fail_before_any_target_runs_and_name_the_parameter_spellings()
    {
        var build = new WithRequirements();

        var code = await _run.RunAsync(build, ["Image", "--arch", "x86_64"]);

        code.Should().Be(2);
        build.Ran.Should().BeEmpty();
        _run.Out.Should().Contain("Target 'Image' requires parameter --profile (env PROFILE) to be set.");
    }

    [Fact]
    public async Task A_missing_Required_parameter_fails_before_any_target_runs()
    {
        var build = new WithRequirements();

        var code = await _run.RunAsync(build, ["Early"]);

        code.Should().Be(2);
        build.Ran.Should().BeEmpty();
        _run.Out.Should().Contain("Parameter --arch (env ARCH) is required: expected text, e.g. --arch value.");
    }

    [Fact]
    public async Task A_boolean_requirement_quotes_its_expression()
    {
        var build = new WithRequirements();

        var code = await _run.RunAsync(build, ["Guarded", "--arch", "x86_64", "--profile", "minimal"]);

        code.Should().Be(2);
        _run.Out.Should().Contain("Target 'Guarded' requires (value(").And.Contain("Profile == \"cloud\")");
    }

    private sealed class Misc : NukeBuild
    {
        public List<string> Ran { get; } = [];
        Target Async => _ => _.Executes(async () => { await Task.Delay(10); Ran.Add("Async"); });
        Target AsyncValue => _ => _.Executes(() => ComputeAsync());
        Target Group => _ => _.DependsOn(Async, AsyncValue);
        Target Custom => _ => _.Executes(() => { ExitCode = 42; });

        private async Task<int> ComputeAsync()
        {
            await Task.Delay(10);
            Ran.Add("AsyncValue");
            return 1;
        }
    }

    [Fact]
    public async Task Async_actions_are_awaited_even_when_they_return_a_value()
    {
        var build = new Misc();

        await _run.RunAsync(build, ["Group"]);

        build.Ran.Should().Equal("Async", "AsyncValue");
        build.ExecutionPlan.Single(t => t.Name == "Group").Status.Should().Be(ExecutionStatus.Collective);
        _run.Out.Should().NotContain("Group ");
    }

    [Fact]
    public async Task A_build_may_set_its_own_exit_code()
    {
        (await _run.RunAsync(new Misc(), ["Custom"])).Should().Be(42);
    }

    [Fact]
    public async Task Continue_skips_targets_that_succeeded_in_the_same_failed_invocation()
    {
        var first = new Failing();
        await _run.RunAsync(first, ["Later"]);
        first.Ran.Should().Equal("First");

        var second = new Failing();
        await _run.RunAsync(second, ["Later", "--continue"]);

        second.Ran.Should().BeEmpty("First succeeded last time and Broken fails again");
        second.ExecutionPlan.Single(t => t.Name == "First").SkipReason.Should().Be("succeeded in the previous attempt (--continue)");

        var changed = new Failing();
        await _run.RunAsync(changed, ["AfterTolerant", "--continue"]);
        changed.Ran.Should().Equal("First", "AfterTolerant");
        _run.Out.Should().Contain("Build invocation changed. Restarting ...");
    }

    private sealed class Cancellable : NukeBuild
    {
        public List<string> Ran { get; } = [];
        public CancellationTokenSource Source { get; } = new();
        Target Long => _ => _.Executes(async () =>
        {
            Source.Cancel();
            await Task.Delay(TimeSpan.FromSeconds(30), CancellationToken);
            Ran.Add("Long");
        });
        Target Next => _ => _.DependsOn(Long).Executes(() => Ran.Add("Next"));
        Target Cleanup => _ => _.After(Next).AssuredAfterFailure().Executes(() => Ran.Add($"Cleanup cancelled={CancellationToken.IsCancellationRequested}"));
    }

    [Fact]
    public async Task Cancellation_aborts_the_running_target_and_still_runs_assured_targets()
    {
        var build = new Cancellable();
        var output = new StringWriter();
        var invocation = new BuildInvocation(["Next", "Cleanup"], _run.Environment, _run.Root, output, new StringWriter(), false)
        {
            CancellationToken = build.Source.Token,
        };

        var code = await BuildRunner.RunAsync(invocation, () => build);

        code.Should().Be(1);
        build.Ran.Should().Equal("Cleanup cancelled=False");
        build.ExecutionPlan.Single(t => t.Name == "Long").Status.Should().Be(ExecutionStatus.Aborted);
        build.ExecutionPlan.Single(t => t.Name == "Next").Status.Should().Be(ExecutionStatus.NotRun);
    }
}
