using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Spine;

/// <summary>One run at a time writes a tree; reading and dry runs go on beside it.</summary>
public sealed class TreeLockSpecs : IDisposable
{
    private readonly string _root = BuildHarness.CreateTemporaryRoot();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private FileStream HoldLock(string holder)
    {
        var temp = Directory.CreateDirectory(Path.Combine(_root, ".nuke", "temp")).FullName;
        File.WriteAllText(Path.Combine(temp, "tree.lock.holder"), holder + "\n");
        // What a running build holds: the same flock-backed exclusive open.
        return new FileStream(Path.Combine(temp, "tree.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
    }

    [Fact]
    public async Task A_second_run_that_writes_the_tree_stops_and_names_the_one_holding_it()
    {
        Directory.CreateDirectory(Path.Combine(_root, "build", "work", "x86_64-unknown-redox", "relibc"));
        using var held = HoldLock("pid 4242: Cook, since 2026-11-21 12:00:00");

        var result = await BuildHarness.RunAsync(_root, ["Clean"]);

        result.ExitCode.Should().Be(1, result.Out);
        result.Out.Should().Contain("Another build is working in this tree (pid 4242: Cook, since 2026-11-21 12:00:00). Wait for it to finish, or stop it");
        Directory.Exists(Path.Combine(_root, "build", "work", "x86_64-unknown-redox", "relibc")).Should().BeTrue("nothing ran");
    }

    [Fact]
    public async Task Dry_runs_and_targets_that_only_read_run_beside_a_build()
    {
        using var held = HoldLock("pid 4242: Packages");

        (await BuildHarness.RunAsync(_root, ["Clean", "--dry-run"])).ExitCode.Should().Be(0);
        (await BuildHarness.RunAsync(_root, ["Doctor"])).ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task The_lock_is_released_when_a_run_ends_so_the_next_one_proceeds()
    {
        var first = await BuildHarness.RunAsync(_root, ["Clean"]);
        var second = await BuildHarness.RunAsync(_root, ["Clean"]);

        first.ExitCode.Should().Be(0, first.Out);
        second.ExitCode.Should().Be(0, second.Out);
        File.ReadAllText(Path.Combine(_root, ".nuke", "temp", "tree.lock.holder")).Should().StartWith($"pid {Environment.ProcessId}: Clean");
    }
}
