namespace RedoxBuild.Engine.Tests.Planning;

/// <summary>Nuke's planning rules on hand-built targets (no reflection), as in Nuke's own planner tests.</summary>
public class PlannerSpecs
{
    private static List<ExecutableTarget> Targets(params string[] names) => names.Select((n, i) => new ExecutableTarget(n, i)).ToList();

    private static string Order(IReadOnlyList<ExecutableTarget> plan) => string.Join(" ", plan.Select(t => t.Name));

    [Fact]
    public void DependsOn_pulls_dependencies_into_the_plan_and_runs_them_first()
    {
        var t = Targets("Restore", "Compile", "Test");
        t[1].ExecutionDependencies.Add(t[0]);
        t[2].ExecutionDependencies.Add(t[1]);

        Order(ExecutionPlanner.Plan(t, ["Test"])).Should().Be("Restore Compile Test");
    }

    [Fact]
    public void Ordering_dependencies_order_targets_already_in_the_plan_but_never_pull_one_in()
    {
        var t = Targets("Clean", "Restore", "Compile");
        t[1].OrderDependencies.Add(t[0]); // Clean.Before(Restore)
        t[2].ExecutionDependencies.Add(t[1]);

        Order(ExecutionPlanner.Plan(t, ["Compile"])).Should().Be("Restore Compile");
        Order(ExecutionPlanner.Plan(t, ["Compile", "Clean"])).Should().Be("Clean Restore Compile");
    }

    [Fact]
    public void Triggers_add_their_targets_after_the_trigger_until_nothing_new_is_added()
    {
        var t = Targets("Publish", "Announce", "Tweet", "Compile");
        t[0].ExecutionDependencies.Add(t[3]);
        Trigger(t[0], t[1]);
        Trigger(t[1], t[2]);

        var plan = ExecutionPlanner.Plan(t, ["Publish"]);

        Order(plan).Should().Be("Compile Publish Announce Tweet");
        plan.Where(x => x.Invoked).Select(x => x.Name).Should().Equal("Publish");
    }

    [Fact]
    public void A_target_that_nothing_invoked_or_needs_stays_out_of_the_plan()
    {
        var t = Targets("A", "B", "C");
        t[1].ExecutionDependencies.Add(t[0]);

        Order(ExecutionPlanner.Plan(t, ["B"])).Should().Be("A B");
    }

    [Fact]
    public void Diamonds_run_each_shared_dependency_once_in_declaration_order()
    {
        var t = Targets("Fetch", "Relibc", "Kernel", "Image");
        t[1].ExecutionDependencies.Add(t[0]);
        t[2].ExecutionDependencies.Add(t[0]);
        t[3].ExecutionDependencies.AddRange([t[1], t[2]]);

        Order(ExecutionPlanner.Plan(t, ["Image"])).Should().Be("Fetch Relibc Kernel Image");
    }

    [Fact]
    public void Default_targets_are_planned_when_nothing_is_invoked()
    {
        var t = Targets("A", "B");
        t[1].IsDefault = true;
        t[1].ExecutionDependencies.Add(t[0]);

        var plan = ExecutionPlanner.Plan(t, []);

        Order(plan).Should().Be("A B");
        plan[1].Invoked.Should().BeTrue();
    }

    [Theory]
    [InlineData("disk-image")]
    [InlineData("DISKIMAGE")]
    [InlineData("diskImage")]
    public void Invoked_names_match_ignoring_case_and_dashes(string spelled)
    {
        var t = Targets("DiskImage");

        ExecutionPlanner.Plan(t, [spelled]).Single().Name.Should().Be("DiskImage");
    }

    [Fact]
    public void An_unknown_target_fails_suggesting_the_closest_listed_target_and_help_for_the_list()
    {
        var t = Targets("RunQemu", "RunCloud", "Alpha");

        var act = () => ExecutionPlanner.Plan(t, ["RunQem"]);

        act.Should().Throw<UnknownTargetException>().Which.Message.Should().Be(
            "Target with name 'RunQem' does not exist. Did you mean RunQemu? Run ./build.sh --help to list the targets.");
    }

    [Fact]
    public void A_word_from_another_builds_vocabulary_suggests_the_targets_containing_it()
    {
        var t = Targets("RunQemu", "RunQemuNet", "RunGraphical", "DiskImage");

        var act = () => ExecutionPlanner.Plan(t, ["qemu"]);

        act.Should().Throw<UnknownTargetException>().Which.Message.Should().Be(
            "Target with name 'qemu' does not exist. Did you mean RunQemu or RunQemuNet? Run ./build.sh --help to list the targets.");
    }

    [Fact]
    public void An_unknown_target_close_to_nothing_only_points_at_help()
    {
        var t = Targets("Zeta", "Alpha");

        var act = () => ExecutionPlanner.Plan(t, ["DiskImage"]);

        act.Should().Throw<UnknownTargetException>().Which.Message.Should().Be(
            "Target with name 'DiskImage' does not exist. Run ./build.sh --help to list the targets.");
    }

    [Fact]
    public void A_cycle_of_execution_dependencies_is_refused_with_its_path()
    {
        var t = Targets("A", "B", "C");
        t[0].ExecutionDependencies.Add(t[1]);
        t[1].ExecutionDependencies.Add(t[2]);
        t[2].ExecutionDependencies.Add(t[0]);

        var act = () => ExecutionPlanner.Plan(t, ["A"]);

        act.Should().Throw<BuildConfigurationException>().WithMessage("Circular dependency between targets: A -> B -> C -> A");
    }

    [Fact]
    public void A_cycle_through_ordering_and_trigger_dependencies_is_refused_even_when_not_invoked()
    {
        var t = Targets("A", "B", "Unrelated");
        t[0].OrderDependencies.Add(t[1]);
        Trigger(t[0], t[1]); // B triggered by A and A after B: a cycle

        var act = () => ExecutionPlanner.Plan(t, ["Unrelated"]);

        act.Should().Throw<BuildConfigurationException>().WithMessage("Circular dependency between targets: A -> B -> A");
    }

    private static void Trigger(ExecutableTarget source, ExecutableTarget triggered)
    {
        source.Triggers.Add(triggered);
        triggered.TriggerDependencies.Add(source);
    }
}
