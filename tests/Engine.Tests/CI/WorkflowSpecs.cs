using RedoxBuild.Engine.CI;
using RedoxBuild.Engine.Tests.Support;

namespace RedoxBuild.Engine.Tests.CI;

/// <summary>Workflows generated from [GitHubActions] attributes: golden YAML per configuration, and stale-file handling.</summary>
public class WorkflowSpecs : IDisposable
{
    private readonly TestRun _run = new();

    public void Dispose() => _run.Dispose();

    [GitHubActions("ci", GitHubActionsImage.UbuntuLatest, On = [GitHubActionsTrigger.Push, GitHubActionsTrigger.PullRequest], InvokedTargets = ["Test"])]
    [GitHubActions("images", GitHubActionsImage.Ubuntu2404,
        OnPushBranches = ["main"], OnPullRequestBranches = ["main"], OnPushExcludePaths = ["**/*.md"], OnWorkflowDispatchOptionalInputs = ["Cpus"],
        InvokedTargets = ["BootTest"], ImportSecrets = ["CacheToken"], Matrix = ["profile: default, minimal, graphical, cloud"],
        TimeoutMinutes = 90, FetchDepth = 0, Submodules = true, PublishCondition = "always()", ConcurrencyCancelInProgress = true,
        CacheIncludePatterns = [".nuke/temp", "~/.cache/redox-build"], ExtraStepsBefore = "- run: sudo apt-get install -y qemu-system-x86 ovmf")]
    private sealed class WithWorkflows : NukeBuild
    {
        [Parameter, Secret] readonly string? CacheToken;
        [Parameter] readonly string? Profile;
        [Parameter] readonly int? Cpus;

        Target Compile => _ => _.Executes(() => { });
        Target Test => _ => _.DependsOn(Compile).Produces("tests/results/*.trx").Executes(() => { });
        Target DiskImage => _ => _.DependsOn(Compile).Produces("build/images/**/*.img", "build/images/**/manifest.json").Executes(() => { });
        Target BootTest => _ => _.DependsOn(DiskImage).Produces("build/work/boot-tests/**/serial.log").Executes(() => { });
        Target Unrelated => _ => _.Produces("other/*").Executes(() => { });
    }

    private static IReadOnlyList<(GitHubActionsAttribute Attribute, string Text)> Generate()
    {
        var build = new WithWorkflows();
        var parameters = ParameterBinder.Describe(typeof(WithWorkflows));
        return typeof(WithWorkflows).GetCustomAttributes(typeof(GitHubActionsAttribute), false).Cast<GitHubActionsAttribute>()
            .Select(a => (a, WorkflowWriter.Write(WorkflowGenerator.Generate(a, TargetFactory.CreateAll(build, [], _ => ""), parameters)))).ToList();
    }

    [Theory]
    [InlineData("ci")]
    [InlineData("images")]
    public void A_workflow_is_generated_from_its_attribute(string name)
    {
        Golden.AssertMatches($"tests/Engine.Tests/Golden/{name}.yml", Generate().Single(w => w.Attribute.Name == name).Text);
    }

    [Fact]
    public void Only_the_invoked_targets_plans_contribute_artifacts()
    {
        var images = Generate().Single(w => w.Attribute.Name == "images").Text;

        images.Should().Contain("path: build/images").And.Contain("path: build/work/boot-tests").And.NotContain("other").And.NotContain("tests/results");
    }

    [Fact]
    public void A_matrix_axis_and_an_input_for_the_same_parameter_are_refused()
    {
        var attribute = new GitHubActionsAttribute("clash", GitHubActionsImage.UbuntuLatest)
        {
            OnWorkflowDispatchOptionalInputs = ["Profile"], Matrix = ["profile: a, b"], InvokedTargets = ["Test"],
        };

        var act = () => WorkflowGenerator.Generate(attribute, TargetFactory.CreateAll(new WithWorkflows(), [], _ => ""), []);

        act.Should().Throw<BuildConfigurationException>()
            .WithMessage("[GitHubActions(\"clash\")] exports 'profile' and 'Profile' for the same parameter; the build would see two values and use neither.");
    }

    [Fact]
    public void Both_trigger_forms_at_once_are_refused()
    {
        var attribute = new GitHubActionsAttribute("bad", GitHubActionsImage.UbuntuLatest) { On = [GitHubActionsTrigger.Push], OnPushBranches = ["main"], InvokedTargets = ["Test"] };

        var act = () => WorkflowGenerator.Generate(attribute, TargetFactory.CreateAll(new WithWorkflows(), [], _ => ""), []);

        act.Should().Throw<BuildConfigurationException>().WithMessage("[GitHubActions(\"bad\")] uses both On and the detailed On* triggers; use one form.");
    }

    [GitHubActions("ci", GitHubActionsImage.UbuntuLatest, On = [GitHubActionsTrigger.Push], InvokedTargets = ["Test"])]
    private sealed class CheckedWithWorkflow : NukeBuild
    {
        Target Test => _ => _.Executes(() => { });
    }

    [Fact]
    public async Task A_stale_workflow_is_rewritten_locally_and_fails_the_build_on_CI()
    {
        Directory.CreateDirectory(Path.Combine(_run.Root, "build"));
        File.WriteAllText(Path.Combine(_run.Root, "build", "_build.csproj"), "<Project />");
        var workflow = Path.Combine(_run.Root, ".github", "workflows", "ci.yml");
        Directory.CreateDirectory(Path.GetDirectoryName(workflow)!);
        File.WriteAllText(workflow, "stale\n");

        _run.Environment["CI"] = "true";
        var onCi = await _run.RunAsync(new CheckedWithWorkflow(), ["Test"]);
        onCi.Should().Be(2);
        _run.Error.Should().Contain(".github/workflows/ci.yml is stale: regenerate it with ./build.sh --generate-configuration GitHubActions_ci and commit the result.");
        File.ReadAllText(workflow).Should().Be("stale\n");

        _run.Environment.Remove("CI");
        var local = await _run.RunAsync(new CheckedWithWorkflow(), ["Test"]);
        local.Should().Be(0);
        File.ReadAllText(workflow).Should().StartWith("# ---").And.Contain("run: ./build.sh Test");
        _run.Out.Should().Contain("was regenerated from the [GitHubActions] attribute; commit it");

        (await _run.RunAsync(new CheckedWithWorkflow(), ["--check-configuration"])).Should().Be(0, "now it is up to date");
    }

    [Fact]
    public async Task Generate_configuration_writes_the_named_file_and_stops()
    {
        var code = await _run.RunAsync(new CheckedWithWorkflow(), ["--generate-configuration", "GitHubActions_ci"]);

        code.Should().Be(0);
        File.Exists(Path.Combine(_run.Root, ".github", "workflows", "ci.yml")).Should().BeTrue();
        (await _run.RunAsync(new CheckedWithWorkflow(), ["--generate-configuration", "GitHubActions_nope"])).Should().Be(2);
        _run.Error.Should().Contain("No generated configuration is called 'GitHubActions_nope'. Known: GitHubActions_ci.");
    }
}
