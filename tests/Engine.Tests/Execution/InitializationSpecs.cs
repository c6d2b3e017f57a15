using RedoxBuild.Engine.Tests.Support;

namespace RedoxBuild.Engine.Tests.Execution;

/// <summary>OnBuildInitialized: the build's own input checks, after planning and before any target runs.</summary>
public class InitializationSpecs : IDisposable
{
    private readonly TestRun _run = new();

    public void Dispose() => _run.Dispose();

    private sealed class CheckedInputs : NukeBuild
    {
        public List<string> Ran { get; } = [];
        public Exception? Problem;

        Target Slow => _ => _.Executes(() => Ran.Add("Slow"));
        Target Use => _ => _.DependsOn(Slow).Executes(() => Ran.Add("Use"));

        protected internal override void OnBuildInitialized()
        {
            if (Problem is not null) throw Problem;
        }
    }

    [Fact]
    public async Task An_expected_failure_in_the_checks_exits_1_with_its_message_and_runs_nothing()
    {
        var build = new CheckedInputs { Problem = new BuildFailure("profile.toml:3:1: 'storage' needs a driver") };

        var code = await _run.RunAsync(build, ["Use"]);

        code.Should().Be(1);
        build.Ran.Should().BeEmpty();
        (_run.Out + _run.Error).Should().Contain("[ERR] profile.toml:3:1: 'storage' needs a driver").And.NotContain("Target Slow");
    }

    [Fact]
    public async Task A_requirement_failure_in_the_checks_is_a_usage_error()
    {
        var build = new CheckedInputs { Problem = new RequirementException(["--profile nosuch: unknown profile"]) };

        var code = await _run.RunAsync(build, ["Use"]);

        code.Should().Be(2);
        build.Ran.Should().BeEmpty();
    }
}
