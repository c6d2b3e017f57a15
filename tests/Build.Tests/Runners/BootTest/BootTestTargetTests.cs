using RedoxBuild.Tests.Support;
using static RedoxBuild.Tests.Runners.BootTest.BootFixtures;

namespace RedoxBuild.Tests.Runners.BootTest;

/// <summary>BootTest and the QEMU runner targets through the real build, in a temporary root.</summary>
public class BootTestTargetTests : IDisposable
{
    private readonly string _root = BuildHarness.CreateTemporaryRoot();
    private readonly ScratchDir _dir = new();

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        _dir.Dispose();
    }

    private static readonly string[] SmallVm = ["--cpus", "1", "--memory", "512M"];

    [RequiresToolsFact(QemuSystem, QemuImg, Ovmf, Gcc, GnuEfiCrt0)]
    public async Task BootTest_passes_a_fixture_printing_milestone_times_report_paths_and_one_acceleration_line()
    {
        var image = WriteImage(_dir, EfiScript.RedoxBoot());

        var result = await BuildHarness.RunAsync(_root, ["BootTest", "--image", image, "--runner", "qemu", .. SmallVm]);

        result.ExitCode.Should().Be(0, result.Out);
        // A milestone is reported as soon as its text arrives, with the line as far as it has arrived (serial output
        // comes in chunks, so the version may not be there yet).
        result.Out.Should().MatchRegex(@"Milestone Redox OS Bootloader at \d+ ms: Redox OS Bootloader")
            .And.MatchRegex(@"Milestone shell or login prompt at \d+ ms: ion>")
            .And.Contain($"Serial log: {_root}/build/work/boot-tests/disk/serial.log")
            .And.Contain($"JUnit XML: {_root}/build/work/boot-tests/disk/junit.xml")
            .And.MatchRegex(@"Boot test disk passed: All 4 milestones seen by \d+ ms\.");
        result.Out.Split('\n').Count(l => l.Contains("Acceleration: ", StringComparison.Ordinal)).Should().Be(1);
        File.Exists(Path.Combine(_root, "build/work/boot-tests/disk/junit.xml")).Should().BeTrue();
        Directory.GetFileSystemEntries(Path.Combine(_root, "build/work/vm-runs")).Should().BeEmpty("run directories go with their run");
    }

    [RequiresToolsFact(QemuSystem, QemuImg, Ovmf, Gcc, GnuEfiCrt0)]
    public async Task A_failing_BootTest_exits_1_with_the_verdict_the_last_lines_and_the_report_paths()
    {
        var image = WriteImage(_dir, new EfiScript().Say("Redox OS Bootloader").Say("Redox OS starting").Say("Redox OS Boot Complete!").PowerOff());

        // No --runner: the default (cloud-hypervisor) has no launcher in this build, so QEMU steps in and says so.
        var result = await BuildHarness.RunAsync(_root, ["BootTest", "--image", image, .. SmallVm], new Dictionary<string, string> { ["BOOT_TEST_TIMEOUT"] = "600" });

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("Runner: qemu (the default, cloud-hypervisor, is not installed here; --runner cloud-hypervisor makes it a requirement)")
            .And.Contain("timeout 600 s; serial log")
            .And.MatchRegex(@"Boot test disk failed: The VM exited with code 0 at \d+ ms, before the boot completed .*Missing milestones: 'shell or login prompt'; seen: 'Redox OS Bootloader' at \d+ ms")
            .And.Contain("  | Redox OS Boot Complete!")
            .And.Contain($"JUnit XML: {_root}/build/work/boot-tests/disk/junit.xml");
    }

    [RequiresToolsFact(Ovmf)]
    public async Task Dry_run_prints_the_qemu_img_and_qemu_lines_and_boots_nothing()
    {
        var image = _dir.File("harddrive.img");
        File.WriteAllBytes(image, new byte[4096]);

        var result = await BuildHarness.RunAsync(_root, ["BootTest", "--image", image, "--runner", "qemu", "--dry-run"]);

        result.ExitCode.Should().Be(0, result.Out);
        var planned = result.Build.Processes.Planned;
        planned.Select(p => p.Program).Should().Equal("qemu-img", "qemu-system-x86_64");
        planned[0].Arguments.Should().StartWith(["create", "-q", "-f", "qcow2", "-F", "raw", "-b", image]);
        planned[1].Arguments.Should().ContainInOrder("-serial", "stdio").And.Contain("-no-reboot");
        result.Out.Should().Contain("[dry-run] (cd ").And.Contain("qemu-system-x86_64 -name 'Redox OS' -machine q35");
        Directory.Exists(Path.Combine(_root, "build/work/boot-tests")).Should().BeFalse("nothing booted, so there is no serial log");
    }

    [RequiresToolsFact(Ovmf)]
    public async Task A_profile_that_prefers_Cloud_Hypervisor_falls_back_to_QEMU_where_it_is_missing_but_an_explicit_runner_does_not()
    {
        var image = _dir.File("harddrive.img");
        File.WriteAllBytes(image, new byte[4096]);
        var profile = _dir.File("cloudy.toml");
        File.WriteAllText(profile, "[vm]\nrunner = \"cloud-hypervisor\"\n");

        var preferred = await BuildHarness.RunAsync(_root, ["BootTest", "--image", image, "--profile", profile, "--cloud-hypervisor-binary", "no-such-cloud-hypervisor", "--dry-run"]);
        var demanded = await BuildHarness.RunAsync(_root, ["BootTest", "--image", image, "--profile", profile, "--cloud-hypervisor-binary", "no-such-cloud-hypervisor", "--runner", "cloud-hypervisor", "--dry-run"]);

        preferred.ExitCode.Should().Be(0, preferred.Out);
        preferred.Out.Should().Contain($"Runner: qemu (profile {profile}'s [vm] runner, cloud-hypervisor, is not installed here");
        preferred.Build.Processes.Planned.Select(p => p.Program).Should().Contain("qemu-system-x86_64");
        demanded.ExitCode.Should().Be(1);
        demanded.Out.Should().Contain("--runner cloud-hypervisor: no-such-cloud-hypervisor was not found.");
    }

    [RequiresToolsTheory(Ovmf)]
    [InlineData("RunQemu", "mon:stdio")]
    [InlineData("RunGraphical", "gtk")]
    [InlineData("RunQemuNet", "tap,id=net0,ifname=redox-test-tap,script=no,downscript=no")]
    public async Task Each_runner_dry_run_prints_its_two_commands(string target, string expected)
    {
        var image = _dir.File("harddrive.img");
        File.WriteAllBytes(image, new byte[4096]);

        var result = await BuildHarness.RunAsync(_root, [target, "--image", image, "--tap", "redox-test-tap", "--dry-run"]);

        result.ExitCode.Should().Be(0, result.Out);
        result.Build.Processes.Planned.Select(p => p.Program).Should().Equal("qemu-img", "qemu-system-x86_64");
        result.Build.Processes.Planned[1].Arguments.Should().Contain(expected);
    }

    [Fact]
    public async Task Without_an_image_the_error_names_image_and_DiskImage()
    {
        var result = await BuildHarness.RunAsync(_root, ["BootTest", "--runner", "qemu"]);

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("No disk image at build/images/default/harddrive.img. Build it with `./build.sh DiskImage --profile default`, or boot another image with --image PATH.");
    }

    [Fact]
    public async Task An_explicit_Cloud_Hypervisor_that_is_not_installed_fails_naming_the_fixes()
    {
        var image = _dir.File("harddrive.img");
        File.WriteAllBytes(image, new byte[4096]);

        var result = await BuildHarness.RunAsync(_root, ["BootTest", "--image", image, "--runner", "cloud-hypervisor", "--cloud-hypervisor-binary", "no-such-cloud-hypervisor"]);

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("--runner cloud-hypervisor: no-such-cloud-hypervisor was not found. Install it (./build.sh Doctor --for RunCloud) or pass --cloud-hypervisor-binary, or use --runner qemu.");
    }

    [Fact]
    public async Task BootTest_on_Cloud_Hypervisor_boots_a_copy_with_the_console_on_stdio_shown_with_a_stand_in_vmm()
    {
        // Cloud Hypervisor can't run here: a stand-in script plays it, recording its arguments and printing a Redox boot.
        var image = _dir.File("harddrive.img");
        File.WriteAllBytes(image, new byte[1 << 20]);
        var before = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(image)));
        var firmware = _dir.File("CLOUDHV.fd");
        File.WriteAllText(firmware, "stand-in firmware");
        var arguments = _dir.File("arguments.txt");
        var standIn = _dir.File("stand-in-cloud-hypervisor");
        File.WriteAllText(standIn, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + arguments + "'\necho 'Redox OS Bootloader 1.0.0'\necho 'Redox OS starting...'\necho 'Redox OS Boot Complete!'\nprintf 'ion> '\nsleep 30\n");
        File.SetUnixFileMode(standIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await BuildHarness.RunAsync(_root,
            ["BootTest", "--image", image, "--runner", "cloud-hypervisor", "--cloud-hypervisor-binary", standIn, "--firmware", firmware, "--cpus", "2", "--timeout", "30"]);

        result.ExitCode.Should().Be(0, result.Out);
        var recorded = File.ReadAllLines(arguments);
        recorded.Should().ContainInOrder("--firmware", firmware).And.ContainInOrder("--serial", "tty", "--console", "off")
            .And.ContainInOrder("--cpus", "boot=2,topology=1:2:1:1");
        var disk = recorded[Array.IndexOf(recorded, "--disk") + 1];
        disk.Should().StartWith($"path={_root}/build/work/").And.EndWith("/harddrive.img,direct=on");
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(image))).Should().Be(before);
        result.Out.Should().MatchRegex(@"Milestone shell or login prompt at \d+ ms: ion>");
    }

    [Fact]
    public async Task RunQemuNet_without_its_TAP_fails_naming_NetworkSetup()
    {
        var image = _dir.File("harddrive.img");
        File.WriteAllBytes(image, new byte[4096]);

        var result = await BuildHarness.RunAsync(_root, ["RunQemuNet", "--image", image], new Dictionary<string, string> { ["TAP_NAME"] = "redox-test-tap" });

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("The TAP device 'redox-test-tap' does not exist. Create it with `sudo ./build.sh NetworkSetup`");
    }
}
