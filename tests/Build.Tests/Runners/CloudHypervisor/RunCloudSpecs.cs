using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Runners.CloudHypervisor;

/// <summary>
/// RunCloud, RunCloudNet and RunCloudDev end to end with the stand-in cloud-hypervisor (StandInVmm): the per-run
/// copy, the command line, the console wiring and the clean-up. Dry runs print every command and run nothing.
/// </summary>
public sealed class RunCloudSpecs : IDisposable
{
    private readonly string _root = BuildHarness.CreateTemporaryRoot();
    private readonly byte[] _imageBytes = Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 7)).ToArray();

    public RunCloudSpecs()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Image)!);
        File.WriteAllBytes(Image, _imageBytes);
        File.WriteAllText(Firmware, "stand-in CLOUDHV.fd");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Image => Path.Combine(_root, "build", "images", "default", "harddrive.img");
    private string Firmware => Path.Combine(_root, "CLOUDHV.fd");
    private string RunsDirectory => Path.Combine(_root, "build", "work", "vm-runs");

    [Fact]
    public async Task RunCloud_boots_a_writable_copy_of_the_image_with_the_headless_command_line_and_deletes_it_afterwards()
    {
        var vmm = new StandInVmm(Path.Combine(_root, "vmm"));
        var console = new TestConsole("hello\n");

        var result = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(console.Create()),
            "RunCloud", "--firmware", Firmware, "--cloud-hypervisor-binary", vmm.Program);

        result.ExitCode.Should().Be(0, result.Out);
        var disk = vmm.Option("--disk");
        disk.Should().StartWith(RunsDirectory + "/cloud-hypervisor-").And.EndWith("/harddrive.img");
        var rendered = CommandLineGoldenSpecs.Render(vmm.Arguments)
            .Replace(disk, "/repo/build/work/vm-runs/cloud-hypervisor-0123456789ab/harddrive.img", StringComparison.Ordinal)
            .Replace(Firmware, "/usr/share/cloud-hypervisor/CLOUDHV.fd", StringComparison.Ordinal);
        rendered.Should().Be(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests/Build.Tests/Golden/cloud-hypervisor/headless.txt")));
        vmm.DiskChecksum.Should().Be(await ChecksumAsync(Image), "the VM got a byte-identical copy");
        vmm.DiskWasWritable.Should().BeTrue();
        File.ReadAllBytes(Image).Should().Equal(_imageBytes, "the guest wrote to its copy, never to the built image");
        Directory.EnumerateFileSystemEntries(RunsDirectory).Should().BeEmpty("the per-run copy is deleted");
        vmm.Stdin.Should().Be("hello\n");
        console.OutputText.Should().Be("stand-in serial output\n");
        console.ErrorText.Should().Be("stand-in error output\n");
        result.Out.Should().Contain("VM exited; its disk copy is discarded").And.NotContain("]   stand-in serial output", "the console shows it once, not also as log lines");
    }

    [Fact]
    public async Task Ctrl_close_bracket_stops_the_VM_and_still_cleans_up()
    {
        var vmm = new StandInVmm(Path.Combine(_root, "vmm"), waitForStop: true);
        var console = new TestConsole("ab\u001dcd");

        var result = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(console.Create()),
            "RunCloud", "--firmware", Firmware, "--cloud-hypervisor-binary", vmm.Program);

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain("VM stopped (Ctrl+]); its disk copy is discarded");
        vmm.Finished.Should().BeFalse("the stand-in was killed while it waited, it did not end on its own");
        Directory.EnumerateFileSystemEntries(RunsDirectory).Should().BeEmpty();
    }

    [Fact]
    public async Task A_failing_VMM_fails_the_target_with_its_exit_code_and_output()
    {
        var vmm = new StandInVmm(Path.Combine(_root, "vmm"));
        File.AppendAllText(vmm.Program, "\nexit 3\n");

        var result = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create()),
            "RunCloud", "--firmware", Firmware, "--cloud-hypervisor-binary", vmm.Program);

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("exited with code 3").And.Contain("stand-in error output");
        Directory.EnumerateFileSystemEntries(RunsDirectory).Should().BeEmpty();
    }

    [Fact]
    public async Task Without_firmware_the_error_names_both_the_search_and_the_fix()
    {
        var result = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create()), "RunCloud");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain(
            "Cloud Hypervisor's firmware CLOUDHV.fd was not found (looked in $CLOUDHV_FIRMWARE and /usr/share/cloud-hypervisor, /usr/share/edk2/cloud-hypervisor, " +
            "/usr/share/edk2-cloud-hypervisor, /usr/local/share/cloud-hypervisor). Download it from github.com/cloud-hypervisor/edk2/releases and pass --firmware <path>, " +
            "or see ./build.sh Doctor --for RunCloud.");
    }

    [Fact]
    public async Task A_missing_firmware_path_or_image_is_named()
    {
        var noFirmware = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create()), "RunCloud", "--firmware", "/nonexistent/CLOUDHV.fd");
        var noImage = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create()), "RunCloud", "--image", "/nonexistent/disk.img");

        noFirmware.Out.Should().Contain("--firmware /nonexistent/CLOUDHV.fd does not exist. Cloud Hypervisor needs CLOUDHV.fd (OVMF built for Cloud Hypervisor).");
        noImage.Out.Should().Contain("--image /nonexistent/disk.img: no such file. Pass the path of a disk image, or build one with `./build.sh DiskImage --profile default`.");
    }

    [Fact]
    public async Task A_dry_run_without_image_or_firmware_warns_and_prints_the_command_with_placeholders()
    {
        var result = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create()),
            "RunCloud", "--firmware", "/nonexistent/CLOUDHV.fd", "--image", "/nonexistent/disk.img", "--dry-run");

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain("[WRN] --image /nonexistent/disk.img: no such file.").And.Contain("[WRN] --firmware /nonexistent/CLOUDHV.fd does not exist.")
            .And.Contain("cloud-hypervisor --firmware '<CLOUDHV.fd>' --disk path=");
    }

    [Fact]
    public async Task RunCloudNet_fails_before_boot_when_the_tap_is_missing_and_names_NetworkSetup()
    {
        var vmm = new StandInVmm(Path.Combine(_root, "vmm"));

        var result = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create()),
            "RunCloudNet", "--firmware", Firmware, "--cloud-hypervisor-binary", vmm.Program, "--tap", "redoxnotap0");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("TAP device redoxnotap0 does not exist. Create it (with NAT, and DHCP with --dhcp) by running:\n  sudo ./build.sh NetworkSetup --tap redoxnotap0");
        File.Exists(Path.Combine(vmm.Directory, "argv")).Should().BeFalse("nothing was booted");
    }

    [Fact]
    public async Task A_dry_run_of_RunCloudNet_on_a_terminal_prints_every_command_and_runs_nothing()
    {
        var vmm = new StandInVmm(Path.Combine(_root, "vmm"));
        var build = new RunnerTestBuild(new TestConsole(isTerminal: true).Create());

        var result = await RunnerHarness.RunAsync(_root, build, "RunCloudNet", "--dry-run", "--firmware", Firmware, "--cloud-hypervisor-binary", vmm.Program);

        result.ExitCode.Should().Be(0, result.Out);
        var planned = build.Processes.Planned.Select(p => string.Join(' ', p.Arguments.Prepend(p.Program).Select(RedoxBuild.CliWrap.ShellQuoting.Quote))).ToList();
        var runDirectory = planned.Single(l => l.StartsWith("cp ", StringComparison.Ordinal)).Split(' ')[^1];
        var text = string.Join('\n', planned) + "\n";
        text = text.Replace(Path.GetDirectoryName(runDirectory)!, "<runs>/<run>", StringComparison.Ordinal).Replace(_root, "<root>", StringComparison.Ordinal);
        Golden.AssertMatches("tests/Build.Tests/Golden/cloud-hypervisor/run-cloud-net-dry-run.txt", text);
        File.Exists(Path.Combine(vmm.Directory, "argv")).Should().BeFalse();
        Directory.Exists(RunsDirectory).Should().BeFalse("a dry run creates no run directory");
    }

    [Fact]
    public async Task RunCloudDev_serves_the_API_socket_for_the_Vm_targets_and_removes_it_on_exit()
    {
        var vmm = new StandInVmm(Path.Combine(_root, "vmm"), waitForStop: true);
        var socket = Path.Combine(_root, "api.sock");
        var run = RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create()),
            "RunCloudDev", "--firmware", Firmware, "--cloud-hypervisor-binary", vmm.Program, "--api-socket", socket);
        try
        {
            await vmm.WaitUntilStartedAsync();
            vmm.Option("--api-socket").Should().Be(socket);
            vmm.Arguments.Should().Contain("size=2048M,hotplug_method=virtio-mem,hotplug_size=2048M");
            // What cloud-hypervisor would do: serve its API on the socket, for the Vm* targets to use while the VM runs.
            await using (var api = new StandInCloudHypervisorApi(socket, StandInCloudHypervisorApi.DevelopmentVm(vmm.Option("--disk"))))
            {
                var info = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create()), "VmInfo", "--api-socket", socket);
                info.ExitCode.Should().Be(0, info.Out);
                info.Out.Should().Contain("State:  Running");
            }
        }
        finally
        {
            vmm.Stop();
        }

        var result = await run;
        result.ExitCode.Should().Be(0, result.Out);
        File.Exists(socket).Should().BeFalse("the socket file is removed when the VM exits");
        Directory.EnumerateFileSystemEntries(RunsDirectory).Should().BeEmpty();
    }

    [Fact]
    public async Task RunCloudDev_refuses_a_socket_another_VMM_answers_on_and_clears_a_dead_ones()
    {
        var socket = Path.Combine(_root, "api.sock");
        var vmm = new StandInVmm(Path.Combine(_root, "vmm"));
        await using (var other = new StandInCloudHypervisorApi(socket, StandInCloudHypervisorApi.DevelopmentVm("/x.img")))
        {
            var refused = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create()),
                "RunCloudDev", "--firmware", Firmware, "--cloud-hypervisor-binary", vmm.Program, "--api-socket", socket);

            refused.ExitCode.Should().Be(1);
            refused.Out.Should().Contain($"A Cloud Hypervisor (version 50.0.0) is already listening on {socket}. Stop that VM first, or give this one another socket with --api-socket (env CH_API_SOCKET).");
            File.Exists(Path.Combine(vmm.Directory, "argv")).Should().BeFalse();
        }

        // The stand-in has stopped and left its socket file, as a crashed VMM would.
        File.Exists(socket).Should().BeTrue();
        var result = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create()),
            "RunCloudDev", "--firmware", Firmware, "--cloud-hypervisor-binary", vmm.Program, "--api-socket", socket);

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain($"Removing the stale API socket {socket} (nothing listens on it)");
    }

    [Fact]
    public async Task RunCloudDev_never_deletes_a_regular_file_at_the_socket_path()
    {
        var socket = Path.Combine(_root, "notes.txt");
        File.WriteAllText(socket, "mine");
        var vmm = new StandInVmm(Path.Combine(_root, "vmm"));

        var result = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create()),
            "RunCloudDev", "--firmware", Firmware, "--cloud-hypervisor-binary", vmm.Program, "--api-socket", socket);

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain($"--api-socket {socket} exists and is not a socket (regular file); move it away or pass another --api-socket.");
        File.ReadAllText(socket).Should().Be("mine");
    }

    private static async Task<string> ChecksumAsync(string path)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", "cksum < \"$1\"", "sh", path]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }
}
