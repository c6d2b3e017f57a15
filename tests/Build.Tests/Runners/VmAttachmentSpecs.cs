using RedoxBuild.Runners.Network;
using RedoxBuild.Tests.Runners.CloudHypervisor;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Runners;

/// <summary>
/// The profile's [vm] tap, tap_interface, api_socket and graphics reach the runners' command lines (dry runs: nothing
/// boots), and the parameters --tap-networking, --tap, --open-api-socket and --graphics win over them.
/// </summary>
public sealed class VmAttachmentSpecs : IDisposable
{
    private const string Socket = "/tmp/redox-test-api.sock";
    private readonly string _root = BuildHarness.CreateTemporaryRoot();

    public VmAttachmentSpecs()
    {
        Directory.CreateDirectory(Path.Combine(_root, "profiles"));
        Directory.CreateDirectory(Path.Combine(_root, "recipes"));
        Directory.CreateDirectory(Path.GetDirectoryName(Image)!);
        using (var image = File.Create(Image)) image.SetLength(1 << 20);
        File.WriteAllText(Firmware, "stand-in CLOUDHV.fd");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Image => Path.Combine(_root, "build", "images", "vmkeys", "harddrive.img");
    private string Firmware => Path.Combine(_root, "CLOUDHV.fd");

    private void Profile(string vm) => File.WriteAllText(Path.Combine(_root, "profiles", "vmkeys.toml"), "[vm]\n" + vm);

    private async Task<(RunnerHarness.Result Result, List<string> Lines)> DryRun(string target, params string[] extra)
    {
        var build = new RunnerTestBuild(new TestConsole().Create(), new HostPrivileges(IsRoot: false, SudoUser: null));
        var result = await RunnerHarness.RunAsync(_root, build,
            [target, "--dry-run", "--profile", "vmkeys", "--firmware", Firmware, "--api-socket", Socket, .. extra]);
        result.ExitCode.Should().Be(0, result.Out);
        var lines = build.Processes.Planned
            .Select(p => string.Join(' ', p.Arguments.Prepend(Path.GetFileName(p.Program)).Select(RedoxBuild.CliWrap.ShellQuoting.Quote)).Replace(_root, "<root>", StringComparison.Ordinal))
            .ToList();
        return (result, lines);
    }

    private async Task<string> CloudLine(string target, params string[] extra)
    {
        var (_, lines) = await DryRun(target, extra);
        var line = lines.Single(l => l.StartsWith("cloud-hypervisor ", StringComparison.Ordinal));
        // The per-run copy lives in a fresh directory each run.
        return System.Text.RegularExpressions.Regex.Replace(line, @"vm-runs/cloud-hypervisor-[^/]+/", "vm-runs/<run>/");
    }

    private async Task<string> QemuLine(string target, params string[] extra)
    {
        var (_, lines) = await DryRun(target, extra);
        var line = lines.Single(l => l.StartsWith("qemu-system-x86_64 ", StringComparison.Ordinal));
        return System.Text.RegularExpressions.Regex.Replace(line, @"vm-runs/run-[a-z-]+-[^/ ]+", "vm-runs/<run>");
    }

    private const string CloudHeadless =
        "cloud-hypervisor --firmware <root>/CLOUDHV.fd --disk path=<root>/build/work/vm-runs/<run>/harddrive.img,direct=on --cpus boot=4,topology=1:4:1:1 " +
        "--memory size=2048M --platform num_pci_segments=1 --pci-segment pci_segment=0,mmio32_aperture_weight=4 --serial tty --console off";

    [Fact]
    public async Task Without_the_keys_RunCloud_stays_headless_with_no_NIC_and_no_API_socket()
    {
        Profile("cpus = 4\n");

        (await CloudLine("RunCloud")).Should().Be(CloudHeadless);
    }

    [Fact]
    public async Task Profile_tap_makes_RunCloud_attach_the_same_NIC_as_RunCloudNet_and_says_why()
    {
        Profile("tap = true\n");

        var (result, lines) = await DryRun("RunCloud");
        var runCloud = await CloudLine("RunCloud");

        runCloud.Should().Be(CloudHeadless + " --net tap=tap0,mac=52:54:00:12:34:56,num_queues=2,queue_size=256");
        runCloud.Should().Be(await CloudLine("RunCloudNet"));
        lines.Should().Contain("ip -details -json link show dev tap0", "the TAP is checked before boot as RunCloudNet checks it");
        result.Out.Should().Contain("Putting the guest NIC on TAP tap0 as RunCloudNet does, because the profile's [vm] tap = true asks for it");
    }

    [Fact]
    public async Task Profile_tap_interface_names_the_TAP_of_RunCloud_and_RunCloudNet_and_tap_wins_over_it()
    {
        Profile("tap = true\ntap_interface = \"redox7\"\n");

        (await CloudLine("RunCloud")).Should().EndWith(" --net tap=redox7,mac=52:54:00:12:34:56,num_queues=2,queue_size=256");
        (await CloudLine("RunCloudNet")).Should().EndWith(" --net tap=redox7,mac=52:54:00:12:34:56,num_queues=2,queue_size=256");
        (await CloudLine("RunCloud", "--tap", "other1")).Should().EndWith(" --net tap=other1,mac=52:54:00:12:34:56,num_queues=2,queue_size=256");
    }

    [Fact]
    public async Task Tap_networking_false_wins_over_the_profiles_tap()
    {
        Profile("tap = true\n");

        var (_, lines) = await DryRun("RunCloud", "--tap-networking", "false");

        (await CloudLine("RunCloud", "--tap-networking", "false")).Should().Be(CloudHeadless);
        lines.Should().NotContain(l => l.StartsWith("ip ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Profile_tap_on_a_missing_TAP_fails_RunCloud_before_boot_naming_NetworkSetup()
    {
        Profile("tap = true\ntap_interface = \"redoxnotap0\"\n");
        var vmm = new StandInVmm(Path.Combine(_root, "vmm"));

        var result = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create()),
            "RunCloud", "--profile", "vmkeys", "--firmware", Firmware, "--cloud-hypervisor-binary", vmm.Program);

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("TAP device redoxnotap0 does not exist. Create it (with NAT, and DHCP with --dhcp) by running:\n  sudo ./build.sh NetworkSetup --tap redoxnotap0");
        File.Exists(Path.Combine(vmm.Directory, "argv")).Should().BeFalse("nothing was booted");
    }

    [Fact]
    public async Task Profile_api_socket_makes_RunCloud_open_the_socket_without_RunCloudDevs_hotplug_room()
    {
        Profile("api_socket = true\n");

        var (result, _) = await DryRun("RunCloud");

        (await CloudLine("RunCloud")).Should().Be(CloudHeadless + $" --api-socket path={Socket}");
        (await CloudLine("RunCloudDev")).Should().Contain("--memory size=2048M,hotplug_method=virtio-mem,hotplug_size=2048M ", "the hotplug room stays RunCloudDev's");
        result.Out.Should().Contain($"Opening the API socket {Socket}, because the profile's [vm] api_socket = true asks for it");
    }

    [Fact]
    public async Task Open_api_socket_false_wins_over_the_profile_and_true_opens_it_without_one()
    {
        Profile("api_socket = true\n");
        (await CloudLine("RunCloud", "--open-api-socket", "false")).Should().Be(CloudHeadless);

        Profile("cpus = 4\n");
        (await CloudLine("RunCloud", "--open-api-socket")).Should().Be(CloudHeadless + $" --api-socket path={Socket}");
    }

    [Fact]
    public async Task Profile_graphics_makes_RunQemu_open_RunGraphicals_window_and_graphics_false_keeps_it_headless()
    {
        Profile("runner = \"qemu\"\ngraphics = true\n");

        var (result, _) = await DryRun("RunQemu");
        var windowed = await QemuLine("RunQemu");
        var headless = await QemuLine("RunQemu", "--graphics", "false");

        windowed.Should().Be(await QemuLine("RunGraphical"));
        windowed.Should().Contain(" -display gtk");
        headless.Should().Contain(" -display none").And.NotContain("gtk");
        result.Out.Should().Contain("Opening a GTK window as RunGraphical does, because the profile's [vm] graphics = true asks for it")
            .And.Contain("RunQemu opens a GTK window but neither DISPLAY nor WAYLAND_DISPLAY is set. Run it in a desktop session (or ssh -X), or pass --graphics false for the serial console alone.");
    }

    [Fact]
    public async Task Profile_tap_makes_RunQemu_use_RunQemuNets_TAP_front_end_on_tap_interface()
    {
        Profile("runner = \"qemu\"\ntap = true\ntap_interface = \"redox7\"\n");

        var line = await QemuLine("RunQemu");

        line.Should().Be(await QemuLine("RunQemuNet"));
        line.Should().Contain(" -netdev tap,id=net0,ifname=redox7,script=no,downscript=no -device virtio-net-pci,netdev=net0,mac=52:54:00:12:34:56");
        (await QemuLine("RunQemu", "--tap-networking", "false")).Should().NotContain("tap,");
    }

    [Fact]
    public async Task NetworkSetup_creates_the_profiles_tap_interface_unless_tap_is_given()
    {
        Profile("tap_interface = \"redox7\"\n");

        var fromProfile = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create(), new HostPrivileges(IsRoot: false, SudoUser: null)),
            "NetworkSetup", "--profile", "vmkeys");
        var fromParameter = await RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create(), new HostPrivileges(IsRoot: false, SudoUser: null)),
            "NetworkSetup", "--profile", "vmkeys", "--tap", "other1");

        fromProfile.Out.Should().Contain("needs root. Run:\n  sudo ./build.sh NetworkSetup --tap redox7");
        fromParameter.Out.Should().Contain("needs root. Run:\n  sudo ./build.sh NetworkSetup --tap other1");
    }
}
