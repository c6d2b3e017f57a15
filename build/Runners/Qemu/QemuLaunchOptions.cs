namespace RedoxBuild.Runners.Qemu;

/// <summary>How QEMU executes guest code: KVM only when a probe proved it works here, else TCG (software).</summary>
public enum QemuAccelerator { Tcg, Kvm }

/// <summary>Where the guest's screen goes.</summary>
public enum QemuDisplay
{
    /// <summary>No screen and no VGA: the bootloader then skips its resolution picker and talks over serial only.</summary>
    None,

    /// <summary>A GTK window with a standard VGA adapter, USB keyboard/tablet and Intel HDA sound.</summary>
    Gtk,
}

/// <summary>How the guest's first serial port reaches us.</summary>
public enum QemuSerial
{
    /// <summary>Plain stdio: every byte goes to the guest (boot tests, which must not trip the Ctrl+A monitor escape).</summary>
    Stdio,

    /// <summary>stdio multiplexed with the QEMU monitor: Ctrl+A X quits, Ctrl+A C opens the monitor (interactive runs).</summary>
    StdioWithMonitor,
}

/// <summary>The guest's network.</summary>
public abstract record QemuNetwork
{
    /// <summary>No NIC at all (boot tests: faster and nothing to wait for).</summary>
    public sealed record None : QemuNetwork;

    /// <summary>QEMU's user-mode NAT (guest 10.0.2.15, gateway 10.0.2.2, DNS 10.0.2.3) on virtio-net.</summary>
    public sealed record User : QemuNetwork;

    /// <summary>virtio-net on an existing host TAP (made by NetworkSetup), with a fixed MAC so the guest's lease is stable.</summary>
    public sealed record Tap(string Name, string Mac) : QemuNetwork;
}

/// <summary>The disk QEMU boots: normally the per-run qcow2 overlay whose backing file is the built image.</summary>
public sealed record QemuDisk(string Path, string Format);

/// <summary>The firmware files of one run: OVMF code (read-only) and this run's copy of the variable store, or one combined image.</summary>
public sealed record QemuFirmware(string Code, string? Vars)
{
    public bool IsCombined => Vars is null;
}

/// <summary>Everything a QEMU command line is made from; <see cref="QemuCommandLine.Arguments"/> turns it into arguments.</summary>
public sealed record QemuLaunchOptions(
    QemuDisk Disk,
    QemuFirmware Firmware,
    VmResources Settings,
    QemuAccelerator Accelerator,
    QemuDisplay Display,
    QemuNetwork Network,
    QemuSerial Serial,
    bool NoReboot = false);

/// <summary>The user-facing parts that differ between the QEMU runner targets and the boot test.</summary>
public sealed record QemuFrontEnd(QemuDisplay Display, QemuNetwork Network, QemuSerial Serial, bool NoReboot)
{
    /// <summary>RunQemu: headless, serial console in the terminal, user-mode networking like the Nix runner.</summary>
    public static QemuFrontEnd Headless { get; } = new(QemuDisplay.None, new QemuNetwork.User(), QemuSerial.StdioWithMonitor, NoReboot: false);

    /// <summary>RunGraphical: a GTK window; the serial console stays in the terminal.</summary>
    public static QemuFrontEnd Graphical { get; } = new(QemuDisplay.Gtk, new QemuNetwork.User(), QemuSerial.StdioWithMonitor, NoReboot: false);

    /// <summary>RunQemuNet: headless on a host TAP.</summary>
    public static QemuFrontEnd HeadlessOnTap(string tap, string mac) => new(QemuDisplay.None, new QemuNetwork.Tap(tap, mac), QemuSerial.StdioWithMonitor, NoReboot: false);

    /// <summary>BootTest: headless, no NIC, plain serial; -no-reboot turns a guest reset into a VM exit the test sees.</summary>
    public static QemuFrontEnd BootTest { get; } = new(QemuDisplay.None, new QemuNetwork.None(), QemuSerial.Stdio, NoReboot: true);
}
