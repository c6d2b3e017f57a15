using RedoxBuild.Engine;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Spine;

/// <summary>The build's public face: help text, schema, unknown targets, plans and exit codes.</summary>
public class SpineSpecs : IDisposable
{
    private readonly string _root = BuildHarness.CreateTemporaryRoot();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Help_lists_targets_with_descriptions_and_parameters_with_env_spellings()
    {
        var result = await BuildHarness.RunAsync(_root, ["--help"]);

        result.ExitCode.Should().Be(0);
        Golden.AssertMatches("tests/Build.Tests/Golden/help.txt", result.Out.Replace(_root, "<root>", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("BootTest", "DiskImage")]
    [InlineData("RunQemu", "LiveImage")]
    [InlineData("RunCloudNet", "NetworkSetup")]
    [InlineData("RunQemuNet", "NetworkSetup")]
    public async Task A_runner_invoked_before_what_it_needs_still_runs_after_it(string runner, string producer)
    {
        var result = await BuildHarness.RunAsync(_root, ["--plan", runner, producer]);

        result.ExitCode.Should().Be(0, result.Out);
        var order = result.Out.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && char.IsDigit(l[0])).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToList();
        order.IndexOf(producer).Should().BeLessThan(order.IndexOf(runner), string.Join(" ", order));
    }

    [Fact]
    public void The_README_documents_every_listed_target_and_every_parameter()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var targets = TargetFactory.CreateAll(new Build(), [], _ => "").Where(t => t.Listed).Select(t => t.Name);
        var parameters = ParameterBinder.Describe(typeof(Build)).Select(p => p.CliName);

        targets.Where(t => !readme.Contains($"`{t}`", StringComparison.Ordinal)).Should().BeEmpty("every target needs a line in README's Targets table");
        parameters.Where(p => !readme.Contains(p, StringComparison.Ordinal)).Should().BeEmpty("every parameter needs a line in README's Parameters tables");
    }

    [Fact]
    public void The_committed_build_schema_is_what_the_build_generates()
    {
        var build = new Build();
        var parameters = ParameterBinder.Describe(typeof(Build));
        var targets = TargetFactory.CreateAll(build, [], _ => "");

        Golden.AssertMatches(".nuke/build.schema.json", SchemaWriter.Write(targets, parameters));
    }

    [Fact]
    public void The_committed_workflows_are_what_the_build_generates()
    {
        var build = new Build();
        var parameters = ParameterBinder.Describe(typeof(Build));
        var attributes = typeof(Build).GetCustomAttributes(typeof(RedoxBuild.Engine.CI.GitHubActionsAttribute), true).Cast<RedoxBuild.Engine.CI.GitHubActionsAttribute>().ToList();

        attributes.Should().NotBeEmpty();
        foreach (var attribute in attributes)
            Golden.AssertMatches($".github/workflows/{attribute.FileName}",
                RedoxBuild.Engine.CI.WorkflowWriter.Write(RedoxBuild.Engine.CI.WorkflowGenerator.Generate(attribute, TargetFactory.CreateAll(build, [], _ => ""), parameters)));
    }

    [Fact]
    public async Task A_misspelled_target_exits_2_with_one_suggestion_instead_of_the_whole_list()
    {
        var result = await BuildHarness.RunAsync(_root, ["RunQem"]);

        result.ExitCode.Should().Be(2);
        result.Error.Should().Be("error: Target with name 'RunQem' does not exist. Did you mean RunQemu? Run ./build.sh --help to list the targets.\n");
    }

    [Fact]
    public async Task A_boolean_switch_with_a_word_that_is_no_boolean_exits_2_naming_the_switch()
    {
        var result = await BuildHarness.RunAsync(_root, ["RunQemu", "--hugepages", "maybe"]);

        result.ExitCode.Should().Be(2);
        result.Error.Should().Be("error: --hugepages takes true or false (or nothing, meaning true); got 'maybe'.\n");
    }

    [Fact]
    public async Task Plan_prints_the_ordered_plan_and_runs_nothing()
    {
        Directory.CreateDirectory(Path.Combine(_root, "build", "work"));
        File.WriteAllText(Path.Combine(_root, "build", "work", "keep.txt"), "x");

        var result = await BuildHarness.RunAsync(_root, ["--plan", "Clean"]);

        result.ExitCode.Should().Be(0);
        result.Out.Should().Be("Execution plan (1 target, in order):\n   1. Clean  invoked\n");
        File.Exists(Path.Combine(_root, "build", "work", "keep.txt")).Should().BeTrue();
    }

    [Fact]
    public async Task Clean_deletes_work_trees_but_keeps_images_unless_named()
    {
        var work = Directory.CreateDirectory(Path.Combine(_root, "build", "work", "x86_64", "relibc")).FullName;
        var images = Directory.CreateDirectory(Path.Combine(_root, "build", "images", "default")).FullName;
        File.WriteAllBytes(Path.Combine(work, "libc.a"), new byte[1000]);
        File.WriteAllBytes(Path.Combine(images, "harddrive.img"), new byte[10]);

        var result = await BuildHarness.RunAsync(_root, ["Clean"]);

        result.ExitCode.Should().Be(0, result.Out);
        File.Exists(Path.Combine(work, "libc.a")).Should().BeFalse();
        File.Exists(Path.Combine(images, "harddrive.img")).Should().BeTrue();
        result.Out.Should().Contain("Cleaned build/work (1000 B)");

        (await BuildHarness.RunAsync(_root, ["Clean", "--clean-scope", "images"])).ExitCode.Should().Be(0);
        File.Exists(Path.Combine(images, "harddrive.img")).Should().BeFalse();
    }
}
