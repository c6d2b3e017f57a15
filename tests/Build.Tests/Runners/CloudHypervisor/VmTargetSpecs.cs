using System.Text.Json.Nodes;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Runners.CloudHypervisor;

/// <summary>VmInfo, VmPause, VmResume, VmResizeMemory, VmSnapshot and VmRestore against the stand-in Cloud Hypervisor API.</summary>
public sealed class VmTargetSpecs : IAsyncLifetime
{
    private readonly string _root = BuildHarness.CreateTemporaryRoot();
    private StandInCloudHypervisorApi _api = null!;

    private string Socket => Path.Combine(_root, "api.sock");
    private string Disk => Path.Combine(_root, "run", "harddrive.img");
    private string SnapshotDir => Path.Combine(_root, "snapshot");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Disk)!);
        File.WriteAllText(Disk, "disk contents at snapshot time");
        _api = new StandInCloudHypervisorApi(Socket, StandInCloudHypervisorApi.DevelopmentVm(Disk));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private Task<RunnerHarness.Result> Run(params string[] args) =>
        RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create()), [.. args, "--api-socket", Socket]);

    [Fact]
    public async Task VmInfo_prints_state_vcpus_memory_disks()
    {
        var result = await Run("VmInfo");

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain($"VM on {Socket}:\nState:  Running\nvCPUs:  4 (max 4)\nMemory: 2 GiB (booted with 2 GiB, up to 2 GiB more by VirtioMem)\nDisk:   {Disk} (direct I/O)\n");
    }

    [Fact]
    public async Task VmPause_then_VmResume_change_the_state_and_say_how_to_continue()
    {
        var paused = await Run("VmPause");
        _api.State.Should().Be("Paused");
        var resumed = await Run("VmResume");

        paused.Out.Should().Contain("VM paused; ./build.sh VmResume continues it");
        resumed.ExitCode.Should().Be(0);
        _api.State.Should().Be("Running");
        _api.Requests.Select(r => $"{r.Method} {r.Path}").Should().Equal("PUT /api/v1/vm.pause", "PUT /api/v1/vm.resume");
    }

    [Fact]
    public async Task A_refused_action_fails_the_target_with_the_servers_words()
    {
        var result = await Run("VmResume");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("Cloud Hypervisor refused PUT /api/v1/vm.resume with 500 Internal Server Error: Error from API: The VM could not be resumed: Invalid VM state transition: Running to Running");
    }

    [Fact]
    public async Task Without_a_VM_the_Vm_targets_say_how_to_start_one()
    {
        var missing = Path.Combine(_root, "none.sock");

        var result = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create()), "VmPause", "--api-socket", missing);

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain($"no VM is listening on {missing}; start one with ./build.sh RunCloudDev (there is no socket file at that path)");
    }

    [Fact]
    public async Task An_api_socket_path_that_is_an_ordinary_file_is_called_one()
    {
        var file = Path.Combine(_root, "README.md");
        File.WriteAllText(file, "# not a socket\n");

        var result = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create()), "VmInfo", "--api-socket", file);

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain($"no VM is listening on {file}; start one with ./build.sh RunCloudDev (that path is not a socket but an ordinary file or folder: give the --api-socket path RunCloudDev was started with)");
    }

    [Fact]
    public async Task VmResizeMemory_asks_for_the_new_size_within_the_hotplug_room()
    {
        var none = await Run("VmResizeMemory");
        var tooBig = await Run("VmResizeMemory", "--memory", "5G");
        var fine = await Run("VmResizeMemory", "--memory", "3G");

        none.Out.Should().Contain("VmResizeMemory needs the new size: --memory <size>, e.g. --memory 3G.");
        tooBig.Out.Should().Contain("--memory 5G is outside what this VM can have: between 2G (its boot size) and 4G (boot size plus 2G of hotplug room).");
        fine.ExitCode.Should().Be(0, fine.Out);
        _api.Requests.Where(r => r.Method == "PUT").Should().ContainSingle().Which.Body.Should().Be("""{"desired_ram":3221225472}""");
        (await Run("VmInfo")).Out.Should().Contain("Memory: 3 GiB (booted with 2 GiB");
    }

    [Fact]
    public async Task VmSnapshot_pauses_writes_the_snapshot_with_a_disk_copy_and_leaves_the_VM_paused()
    {
        var result = await Run("VmSnapshot", "--snapshot-dir", SnapshotDir);

        result.ExitCode.Should().Be(0, result.Out);
        _api.State.Should().Be("Paused");
        _api.Requests.Where(r => r.Method == "PUT").Select(r => r.Path).Should().Equal("/api/v1/vm.pause", "/api/v1/vm.snapshot");
        _api.Requests.Last().Body.Should().MatchRegex($$"""^\{"destination_url":"file://{{SnapshotDir}}\.partial-[0-9a-f]{32}"\}$""",
            "the snapshot is written beside the directory and swapped in once complete");
        SnapshotSiblings().Should().BeEmpty();
        Directory.EnumerateFiles(SnapshotDir).Select(Path.GetFileName).Should().BeEquivalentTo("config.json", "state.json", "memory-ranges", "disk-0.img");
        File.ReadAllText(Path.Combine(SnapshotDir, "disk-0.img")).Should().Be("disk contents at snapshot time");
        result.Out.Should().Contain($"The VM stays paused, as in the Nix build: ./build.sh VmResume continues it");
    }

    [Fact]
    public async Task A_second_snapshot_replaces_the_first_but_a_folder_with_other_files_is_refused()
    {
        (await Run("VmSnapshot", "--snapshot-dir", SnapshotDir)).ExitCode.Should().Be(0);
        File.WriteAllText(Disk, "later contents");

        var again = await Run("VmSnapshot", "--snapshot-dir", SnapshotDir);
        File.WriteAllText(Path.Combine(SnapshotDir, "notes.txt"), "mine");
        var refused = await Run("VmSnapshot", "--snapshot-dir", SnapshotDir);

        again.ExitCode.Should().Be(0, again.Out);
        File.ReadAllText(Path.Combine(SnapshotDir, "disk-0.img")).Should().Be("later contents");
        refused.ExitCode.Should().Be(1);
        refused.Out.Should().Contain($"--snapshot-dir {SnapshotDir} holds files that are not a snapshot (notes.txt); give an empty or new directory.");
        File.Exists(Path.Combine(SnapshotDir, "notes.txt")).Should().BeTrue();
    }

    [Fact]
    public async Task A_failing_vm_snapshot_keeps_the_previous_snapshot_and_removes_the_partial_one()
    {
        (await Run("VmSnapshot", "--snapshot-dir", SnapshotDir)).ExitCode.Should().Be(0);
        var before = SnapshotFiles();
        File.WriteAllText(Disk, "later contents");
        _api.FailSnapshotMidway = true;

        var failed = await Run("VmSnapshot", "--snapshot-dir", SnapshotDir);

        failed.ExitCode.Should().Be(1);
        failed.Out.Should().Contain("No space left on device (os error 28)").And.Contain($"the previous snapshot in {SnapshotDir} is unchanged");
        SnapshotFiles().Should().Equal(before);
        File.ReadAllText(Path.Combine(SnapshotDir, "disk-0.img")).Should().Be("disk contents at snapshot time");
        SnapshotSiblings().Should().BeEmpty();
    }

    [Fact]
    public async Task A_disk_copy_that_fails_keeps_the_previous_snapshot()
    {
        (await Run("VmSnapshot", "--snapshot-dir", SnapshotDir)).ExitCode.Should().Be(0);
        var before = SnapshotFiles();
        await Run("VmResume");
        File.Delete(Disk);

        var failed = await Run("VmSnapshot", "--snapshot-dir", SnapshotDir);

        failed.ExitCode.Should().Be(1, failed.Out);
        SnapshotFiles().Should().Equal(before);
        SnapshotSiblings().Should().BeEmpty();
    }

    private IReadOnlyList<(string Name, string Content)> SnapshotFiles() =>
        Directory.EnumerateFiles(SnapshotDir).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), Convert.ToHexString(File.ReadAllBytes(f)))).ToList();

    private IEnumerable<string> SnapshotSiblings() =>
        Directory.EnumerateFileSystemEntries(_root).Where(e => Path.GetFileName(e).StartsWith("snapshot.", StringComparison.Ordinal));

    [Fact]
    public async Task VmRestore_starts_an_empty_VMM_restores_a_copy_of_the_snapshot_into_it_and_resumes_it()
    {
        (await Run("VmSnapshot", "--snapshot-dir", SnapshotDir)).ExitCode.Should().Be(0);
        await _api.DisposeAsync();
        _api = new StandInCloudHypervisorApi(Path.Combine(_root, "unused.sock"));
        File.Delete(Socket);
        var vmm = new StandInVmm(Path.Combine(_root, "vmm"), waitForStop: true);

        var restore = RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create()),
            "VmRestore", "--snapshot-dir", SnapshotDir, "--api-socket", Socket, "--cloud-hypervisor-binary", vmm.Program);
        StandInCloudHypervisorApi? restored = null;
        try
        {
            await vmm.WaitUntilStartedAsync();
            vmm.Arguments.Should().Equal("--api-socket", $"path={Socket}");
            // What the fresh cloud-hypervisor does: serve an API with no VM in it.
            restored = new StandInCloudHypervisorApi(Socket);
            for (var i = 0; i < 600 && restored.State != "Running"; i++) await Task.Delay(50);
        }
        finally
        {
            vmm.Stop();
        }
        var result = await restore;
        await restored!.DisposeAsync();

        result.ExitCode.Should().Be(0, result.Out);
        var puts = restored.Requests.Where(r => r.Method == "PUT").ToList();
        puts.Select(r => r.Path).Should().Equal("/api/v1/vm.restore", "/api/v1/vm.resume");
        var runDirectory = new Uri(JsonNode.Parse(puts[0].Body)!["source_url"]!.GetValue<string>()).LocalPath;
        runDirectory.Should().StartWith(Path.Combine(_root, "build", "work", "vm-runs", "restore-"));
        JsonNode.Parse(restored.RestoredConfigJson!)!["disks"]![0]!["path"]!.GetValue<string>().Should().Be(Path.Combine(runDirectory, "disk-0.img"));
        Directory.Exists(runDirectory).Should().BeFalse("the per-run copy is deleted when the VMM exits");
        File.Exists(Socket).Should().BeFalse();
        JsonNode.Parse(File.ReadAllText(Path.Combine(SnapshotDir, "config.json")))!["disks"]![0]!["path"]!.GetValue<string>()
            .Should().Be(Disk, "the snapshot itself is untouched and can be restored again");
        result.Out.Should().Contain($"Restored the VM from {SnapshotDir}; it runs again");
    }

    [Fact]
    public async Task VmRestore_without_a_snapshot_says_how_to_take_one()
    {
        var result = await Run("VmRestore", "--snapshot-dir", SnapshotDir);

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain($"No snapshot in {SnapshotDir} (it needs config.json and state.json): take one with ./build.sh VmSnapshot --snapshot-dir {SnapshotDir}.");
    }

    [Fact]
    public async Task A_dry_run_of_a_Vm_target_describes_the_call_and_makes_none()
    {
        var result = await Run("VmPause", "--dry-run");

        result.ExitCode.Should().Be(0);
        result.Out.Should().Contain($"[dry-run] PUT vm.pause on {Socket}");
        _api.Requests.Should().BeEmpty();
    }
}
