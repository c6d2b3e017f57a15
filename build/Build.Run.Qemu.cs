using RedoxBuild.Doctor;
using RedoxBuild.Engine;
using RedoxBuild.Runners;
using RedoxBuild.Runners.BootTest;
using RedoxBuild.Runners.Qemu;

partial class Build
{
    // Until the Profile parameter lands (branch redox-model), the image and VM settings use this profile; there,
    // ImagePath(Profile) and a VmSettingsLayer from the profile's [vm] table replace the two hooks below.
    const string BootProfile = "default";

    [Parameter("Disk image to boot (RunQemu, RunGraphical, RunQemuNet, BootTest). Default: build/images/default/harddrive.img.", StrictEnvironment = true)]
    readonly AbsolutePath? Image;

    [Parameter("RunQemuNet: the host TAP interface for the guest's virtio-net, as made by `sudo ./build.sh NetworkSetup`.", StrictEnvironment = true, EnvironmentAliases = ["TAP_NAME"])]
    readonly string Tap = TapNetwork.DefaultTap;

    [Parameter("RunQemuNet: the guest NIC's MAC address, fixed so the guest's DHCP lease is stable.")]
    readonly string GuestMac = TapNetwork.DefaultMac;

    /// <summary>One KVM probe and one "Acceleration:" log line per build run, however many VMs it boots.</summary>
    AcceleratorSelector? _accelerator;

    [UsesTools(ToolFamily.Qemu)]
    Target RunQemu => _ => _
        .Description("Boots the image in QEMU with the serial console in this terminal (no window, user-mode network). The image is never modified: the VM writes to a throw-away overlay. Quit with Ctrl+A X or Ctrl+C.")
        .Executes(() => RunInteractiveAsync("run-qemu", QemuFrontEnd.Headless, picker: null));

    [UsesTools(ToolFamily.Qemu)]
    Target RunGraphical => _ => _
        .Description("Boots the image in a QEMU GTK window (VGA, USB keyboard and tablet, Intel HDA); answers the bootloader's resolution picker, then hands the serial console to this terminal.")
        .Executes(() =>
        {
            if (!EnvironmentVariables.ContainsKey("DISPLAY") && !EnvironmentVariables.ContainsKey("WAYLAND_DISPLAY"))
            {
                const string Problem = "RunGraphical opens a GTK window but neither DISPLAY nor WAYLAND_DISPLAY is set. Run it in a desktop session (or ssh -X), or use RunQemu for the serial console alone.";
                if (!IsDryRun) throw new BuildFailure(Problem);
                Logger.Warning("{Problem}", Problem);
            }
            return RunInteractiveAsync("run-graphical", QemuFrontEnd.Graphical, ResolutionPickerAnswer.Default);
        });

    [UsesTools(ToolFamily.Qemu)]
    Target RunQemuNet => _ => _
        .Description("Boots the image headless in QEMU with virtio-net on a host TAP (--tap, made by `sudo ./build.sh NetworkSetup`) and a fixed MAC (--guest-mac).")
        .Executes(() =>
        {
            var mac = TapNetwork.NormalizeMac(GuestMac);
            if (TapNetwork.Problem(Tap) is { } problem)
            {
                // A dry run of NetworkSetup + RunQemuNet creates no TAP, so here it is only worth a warning.
                if (!IsDryRun) throw new BuildFailure(problem);
                Logger.Warning("{Problem}", problem);
            }
            return RunInteractiveAsync("run-qemu-net", QemuFrontEnd.HeadlessOnTap(Tap, mac), picker: null);
        });

    /// <summary>Where the DiskImage target puts a profile's image.</summary>
    AbsolutePath ImagePath(string profile) => Layout.Images / profile / "harddrive.img";

    /// <summary>The image to boot: --image, else the profile's image; missing images fail with how to make one.</summary>
    AbsolutePath BootImage()
    {
        var image = Image ?? ImagePath(BootProfile);
        if (image.FileExists()) return image;
        var problem = Image is not null
            ? $"--image {Image}: no such file. Pass the path of a disk image, or build one with `./build.sh DiskImage --profile P`."
            : $"No disk image at {image.RelativeTo(RootDirectory)}. Build it with `./build.sh DiskImage --profile {BootProfile}`, or boot another image with --image PATH.";
        if (!IsDryRun) throw new BuildFailure(problem);
        Logger.Warning("{Problem}", problem); // a dry run of DiskImage + a runner writes no image either
        return image;
    }

    /// <summary>The VM settings layers, most important first: parameters, then (when profiles land) the profile's [vm] table.</summary>
    VmSettingsLayer[] VmLayers => [VmParameters];

    UefiFirmware Ovmf() => FirmwareLocator.FindOvmf(Firmware?.ToString()) ?? throw new BuildFailure(Firmware is not null
        ? $"--firmware {Firmware}: no such file. Pass OVMF's code file (e.g. /usr/share/OVMF/OVMF_CODE_4M.fd)."
        : "OVMF (the UEFI firmware for QEMU) was not found in the usual places. Install it (Debian/Ubuntu: apt-get install ovmf; " +
          "Fedora: dnf install edk2-ovmf; Arch: pacman -S edk2-ovmf; macOS: brew install qemu) or pass --firmware PATH/OVMF_CODE.fd.");

    QemuLauncher NewQemuLauncher()
    {
        var firmware = Ovmf();
        _accelerator ??= new AcceleratorSelector(Processes, Logger,
            new AcceleratorSelectorOptions(TemporaryDirectory / "kvm-probe.json", Layout.Work / "vm-runs", firmware, IsDryRun));
        return new QemuLauncher(Processes, _accelerator, firmware);
    }

    async Task RunInteractiveAsync(string name, QemuFrontEnd frontEnd, ResolutionPickerAnswer? picker)
    {
        var image = BootImage();
        var settings = VmSettings.Resolve(VmLayers);
        using var run = VmRunDirectory.Create(Layout.Work / "vm-runs", name);
        var plan = await NewQemuLauncher().PrepareAsync(new VmLaunchRequest(image, settings, run.Path), frontEnd, CancellationToken);
        if (IsDryRun)
        {
            await Processes.RunAsync(plan.Command); // prints it
            return;
        }

        var serialLog = (Layout.Work / "runs" / name).CreateDirectory() / "serial.log";
        Logger.Information("> {Command}", plan.Command.ToDisplayString());
        Logger.Information("Serial console follows (log: {SerialLog}); quit with Ctrl+A X, or Ctrl+C to stop the VM.", serialLog);
        // A keyboard sends keys one at a time without echo; piped input (a script) is passed through as bytes.
        var input = Console.IsInputRedirected ? Console.OpenStandardInput() : new KeyboardStream();
        var result = await new InteractiveConsole(Logger).RunAsync(
            plan.Command, new TerminalStreams(input, Console.OpenStandardOutput()), picker, serialLog, CancellationToken);
        if (result.Exit.ExitCode is { } code and not 0)
            throw new BuildFailure($"QEMU exited with code {code}{(code % 2 == 1 && code > 1 ? $" (the guest wrote {code >> 1} to isa-debug-exit)" : "")}; its messages are above. Serial log: {serialLog}");
        Logger.Information("QEMU exited normally.");
    }
}
