using System.Text;
using RedoxBuild.CliWrap;

namespace RedoxBuild.Runners.Qemu;

/// <summary>
/// QEMU and qemu-img command lines as pure functions of their options, so every runner variant has a golden file.
/// Choices follow the Nix runners and upstream mk/qemu.mk: q35, virtio-blk disk, pflash OVMF (code read-only, a
/// per-run copy of the variables) or -bios for a combined image, isa-debug-exit (redoxer's exit channel).
/// </summary>
public static class QemuCommandLine
{
    public const string Program = "qemu-system-x86_64";
    public const string ImageTool = "qemu-img";

    public static IReadOnlyList<string> Arguments(QemuLaunchOptions options)
    {
        // -nodefaults: no default DVD drive for OVMF to try first, no stray NIC, monitor or VGA; each device is named below.
        var args = new List<string> { "-name", "Redox OS", "-machine", "q35", "-nodefaults" };
        args.AddRange(Acceleration(options.Accelerator));
        args.AddRange(["-smp", options.Settings.Cpus.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        args.AddRange(["-m", $"{options.Settings.Memory.WholeMiB}M"]);
        args.AddRange(Firmware(options.Firmware));
        args.AddRange(["-drive", $"file={Escape(options.Disk.Path)},format={options.Disk.Format},if=none,id=disk0", "-device", "virtio-blk-pci,drive=disk0"]);
        args.AddRange(["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]);
        args.AddRange(options.Display switch
        {
            // -vga none matters: with a VGA adapter the bootloader waits forever at its resolution picker (nix-redox §3).
            QemuDisplay.None => ["-vga", "none", "-display", "none"],
            _ => ["-vga", "std", "-display", "gtk", "-device", "qemu-xhci,id=xhci", "-device", "usb-kbd,bus=xhci.0",
                "-device", "usb-tablet,bus=xhci.0", "-device", "intel-hda", "-device", "hda-duplex"],
        });
        args.AddRange(options.Serial switch
        {
            QemuSerial.Stdio => ["-serial", "stdio"],
            _ => ["-serial", "mon:stdio"],
        });
        args.AddRange(Network(options.Network));
        if (options.NoReboot) args.Add("-no-reboot");
        return args;
    }

    /// <summary>The QEMU command for <paramref name="options"/>, run from <paramref name="workingDirectory"/>.</summary>
    public static Command Command(QemuLaunchOptions options, string workingDirectory) =>
        Cli.Wrap(Program).WithArguments(Arguments(options)).WithWorkingDirectory(workingDirectory);

    /// <summary>
    /// A copy-on-write overlay: QEMU writes to it and only reads the built image, which therefore never changes.
    /// The backing path is absolute so the overlay works from any directory.
    /// </summary>
    public static Command CreateOverlay(string image, string imageFormat, string overlay) =>
        Cli.Wrap(ImageTool)
            .WithArguments(["create", "-q", "-f", "qcow2", "-F", imageFormat, "-b", Path.GetFullPath(image), overlay])
            .WithWorkingDirectory(Path.GetDirectoryName(overlay)!);

    /// <summary>
    /// A short boot of OVMF alone under KVM with the CPU model real runs use: on hosts where /dev/kvm exists but
    /// cannot run firmware (kvm_pvm), this dies with "KVM internal error" or an MSR assertion instead of printing.
    /// </summary>
    public static IReadOnlyList<string> KvmProbeArguments(QemuFirmware firmware) =>
    [
        "-machine", "q35", .. Acceleration(QemuAccelerator.Kvm), "-m", "256M", "-nodefaults", "-vga", "none", "-display", "none",
        "-serial", "stdio", "-no-reboot", .. Firmware(firmware),
    ];

    /// <summary>Arguments laid out one option per line (option and its value together), for golden files and logs.</summary>
    public static string Describe(IEnumerable<string> arguments)
    {
        var text = new StringBuilder(Program);
        foreach (var argument in arguments)
            text.Append(argument.StartsWith('-') ? "\n  " : " ").Append(Quote(argument));
        return text.Append('\n').ToString();
    }

    // POSIX single quotes for anything beyond the characters no shell treats specially, as Command.ToDisplayString does.
    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_-./,:@%+=".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string[] Acceleration(QemuAccelerator accelerator) => accelerator switch
    {
        // -cpu host exposes the real CPU; it only exists with KVM (under TCG QEMU's default model is used).
        QemuAccelerator.Kvm => ["-accel", "kvm", "-cpu", "host"],
        _ => ["-accel", "tcg"],
    };

    private static string[] Firmware(QemuFirmware firmware) => firmware.Vars is { } vars
        ? ["-drive", $"if=pflash,format=raw,unit=0,readonly=on,file={Escape(firmware.Code)}", "-drive", $"if=pflash,format=raw,unit=1,file={Escape(vars)}"]
        : ["-bios", firmware.Code];

    private static string[] Network(QemuNetwork network) => network switch
    {
        QemuNetwork.User => ["-netdev", "user,id=net0", "-device", "virtio-net-pci,netdev=net0"],
        // script=no: the TAP already exists and is configured by NetworkSetup; QEMU must not run ifup scripts as us.
        QemuNetwork.Tap tap => ["-netdev", $"tap,id=net0,ifname={Escape(tap.Name)},script=no,downscript=no", "-device", $"virtio-net-pci,netdev=net0,mac={tap.Mac}"],
        _ => ["-nic", "none"],
    };

    /// <summary>QEMU option values are comma-separated; a comma inside a path is written twice.</summary>
    private static string Escape(string value) => value.Replace(",", ",,", StringComparison.Ordinal);
}
