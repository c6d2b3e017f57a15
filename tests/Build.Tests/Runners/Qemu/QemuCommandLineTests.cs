using RedoxBuild.Engine;
using RedoxBuild.Runners;
using RedoxBuild.Runners.Qemu;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Runners.Qemu;

/// <summary>Each runner variant's exact QEMU line, as golden files (UPDATE_GOLDEN=1 rewrites them for review).</summary>
public class QemuCommandLineTests
{
    private static readonly QemuDisk Overlay = new("/work/run/overlay.qcow2", "qcow2");
    private static readonly QemuFirmware Pflash = new("/usr/share/OVMF/OVMF_CODE_4M.fd", "/work/run/OVMF_VARS_4M.fd");
    private static readonly VmResources Settings = VmResources.Defaults;

    private static QemuLaunchOptions For(QemuFrontEnd frontEnd, QemuAccelerator accelerator = QemuAccelerator.Tcg) =>
        new(Overlay, Pflash, Settings, accelerator, frontEnd.Display, frontEnd.Network, frontEnd.Serial, frontEnd.NoReboot);

    private static void Golden(string name, QemuLaunchOptions options) =>
        Support.Golden.AssertMatches($"tests/Build.Tests/Golden/Runners/{name}.txt", QemuCommandLine.Describe(QemuCommandLine.Arguments(options)));

    [Fact]
    public void RunQemu_is_headless_with_no_VGA_and_the_serial_console_and_monitor_on_stdio() =>
        Golden("qemu-run-qemu", For(QemuFrontEnd.Headless));

    [Fact]
    public void RunGraphical_has_a_GTK_window_std_VGA_USB_input_and_HDA_sound() =>
        Golden("qemu-run-graphical", For(QemuFrontEnd.Graphical));

    [Fact]
    public void RunQemuNet_puts_virtio_net_on_the_TAP_with_the_guest_MAC() =>
        Golden("qemu-run-qemu-net", For(QemuFrontEnd.HeadlessOnTap("tap0", "52:54:00:12:34:56")));

    [Fact]
    public void BootTest_has_no_NIC_plain_serial_and_no_reboot() =>
        Golden("qemu-boot-test", For(QemuFrontEnd.BootTest));

    [Fact]
    public void KVM_adds_the_host_CPU_and_TCG_never_does()
    {
        var kvm = QemuCommandLine.Arguments(For(QemuFrontEnd.Headless, QemuAccelerator.Kvm));
        var tcg = QemuCommandLine.Arguments(For(QemuFrontEnd.Headless));

        string.Join(' ', kvm).Should().Contain("-accel kvm -cpu host");
        tcg.Should().Contain("tcg").And.NotContain("-cpu");
    }

    [Fact]
    public void CPUs_and_memory_come_from_the_VM_settings()
    {
        var options = For(QemuFrontEnd.BootTest) with { Settings = Settings with { Cpus = 2, Memory = ByteSize.FromMiB(1024) } };

        string.Join(' ', QemuCommandLine.Arguments(options)).Should().Contain("-smp 2 -m 1024M");
    }

    [Fact]
    public void A_combined_firmware_image_uses_bios_instead_of_pflash()
    {
        var options = For(QemuFrontEnd.BootTest) with { Firmware = new QemuFirmware("/usr/share/ovmf/OVMF.fd", null) };

        var args = QemuCommandLine.Arguments(options);

        string.Join(' ', args).Should().Contain("-bios /usr/share/ovmf/OVMF.fd").And.NotContain("pflash");
    }

    [Fact]
    public void Commas_in_paths_are_doubled_as_QEMU_option_syntax_requires()
    {
        var options = For(QemuFrontEnd.BootTest) with { Disk = new QemuDisk("/tmp/a,b/overlay.qcow2", "qcow2") };

        QemuCommandLine.Arguments(options).Should().Contain("file=/tmp/a,,b/overlay.qcow2,format=qcow2,if=none,id=disk0");
    }

    [Fact]
    public void The_overlay_is_a_qcow2_backed_by_the_image_by_absolute_path()
    {
        var command = QemuCommandLine.CreateOverlay("/images/default/harddrive.img", "raw", "/work/run/overlay.qcow2");

        command.TargetFilePath.Should().Be("qemu-img");
        command.ArgumentList.Should().Equal("create", "-q", "-f", "qcow2", "-F", "raw", "-b", "/images/default/harddrive.img", "/work/run/overlay.qcow2");
        command.WorkingDirPath.Should().Be("/work/run");
    }

    [Fact]
    public void The_KVM_probe_boots_only_the_firmware_with_the_CPU_model_real_runs_use()
    {
        QemuCommandLine.KvmProbeArguments(Pflash).Should().Equal(
            "-machine", "q35", "-accel", "kvm", "-cpu", "host", "-m", "256M", "-nodefaults", "-vga", "none", "-display", "none",
            "-serial", "stdio", "-no-reboot",
            "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd",
            "-drive", "if=pflash,format=raw,unit=1,file=/work/run/OVMF_VARS_4M.fd");
    }
}
