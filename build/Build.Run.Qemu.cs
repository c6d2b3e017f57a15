using RedoxBuild.Doctor;
using RedoxBuild.Engine;
using RedoxBuild.Runners;
using RedoxBuild.Runners.BootTest;
using RedoxBuild.Runners.CloudHypervisor;
using RedoxBuild.Runners.Network;
using RedoxBuild.Runners.Qemu;

partial class Build
{
    // --image, --profile, --tap and --guest-mac are shared with the Cloud Hypervisor runners (Build.Run.Cloud.cs,
    // Build.Profiles.cs, Build.Network.cs).

    /// <summary>One KVM probe and one "Acceleration:" log line per build run, however many VMs it boots.</summary>
    AcceleratorSelector? _accelerator;

    [UsesTools(ToolFamily.Qemu)]
    Target RunQemu => _ => _
        .Description("Boots the image in QEMU with its serial console on this terminal (no window, user-mode network; Ctrl+] stops it, Ctrl+A X quits QEMU), on a per-run qcow2 overlay of the image. With [vm] graphics (or --graphics) it opens RunGraphical's window; with [vm] tap (or --tap-networking) it uses RunQemuNet's TAP.")
        .After(DiskImage, LiveImage)
        .Executes(() =>
        {
            var attachments = VmAttachments;
            QemuNetwork network = new QemuNetwork.User();
            if (attachments.Tap)
            {
                Logger.Information("Putting the guest NIC on TAP {Tap} as RunQemuNet does, because {Reason} asks for it",
                    attachments.TapInterface, TapNetworking is null ? "the profile's [vm] tap = true" : "--tap-networking");
                network = QemuTap();
            }
            if (!attachments.Graphics)
                return RunInteractiveAsync("run-qemu", QemuFrontEnd.Headless with { Network = network }, picker: null);
            Logger.Information("Opening a GTK window as RunGraphical does, because {Reason} asks for it", Graphics is null ? "the profile's [vm] graphics = true" : "--graphics");
            CheckDisplay("RunQemu", "or pass --graphics false for the serial console alone");
            return RunInteractiveAsync("run-qemu", QemuFrontEnd.Graphical with { Network = network }, ResolutionPickerAnswer.Default);
        });

    [UsesTools(ToolFamily.Qemu)]
    Target RunGraphical => _ => _
        .Description("Boots the image in a QEMU GTK window (VGA, USB keyboard and tablet, Intel HDA); answers the bootloader's resolution picker, then hands the serial console to this terminal.")
        .After(DiskImage, LiveImage)
        .Executes(() =>
        {
            CheckDisplay("RunGraphical", "or use RunQemu for the serial console alone");
            return RunInteractiveAsync("run-graphical", QemuFrontEnd.Graphical, ResolutionPickerAnswer.Default);
        });

    [UsesTools(ToolFamily.Qemu)]
    Target RunQemuNet => _ => _
        .Description("RunQemu with virtio-net on the TAP made by `sudo ./build.sh NetworkSetup` (--tap) and a fixed MAC (--guest-mac).")
        .After(DiskImage, LiveImage, NetworkSetup)
        .Executes(() =>
        {
            var tap = QemuTap();
            return RunInteractiveAsync("run-qemu-net", QemuFrontEnd.HeadlessOnTap(tap.Name, tap.Mac), picker: null);
        });

    /// <summary>RunQemuNet's NIC on TapName, checked: a valid MAC and an existing TAP (a dry run only warns).</summary>
    QemuNetwork.Tap QemuTap()
    {
        MacAddress.Validate(GuestMac);
        var tap = TapName;
        if (TapNetwork.Problem(tap) is { } problem)
        {
            // A dry run of NetworkSetup + RunQemuNet creates no TAP, so here it is only worth a warning.
            if (!IsDryRun) throw new BuildFailure(problem);
            Logger.Warning("{Problem}", problem);
        }
        return new QemuNetwork.Tap(tap, GuestMac.ToLowerInvariant());
    }

    /// <summary>A GTK window needs a display; without one a real run fails and a dry run warns.</summary>
    void CheckDisplay(string target, string alternative)
    {
        if (EnvironmentVariables.ContainsKey("DISPLAY") || EnvironmentVariables.ContainsKey("WAYLAND_DISPLAY")) return;
        var problem = $"{target} opens a GTK window but neither DISPLAY nor WAYLAND_DISPLAY is set. Run it in a desktop session (or ssh -X), {alternative}.";
        if (!IsDryRun) throw new BuildFailure(problem);
        Logger.Warning("{Problem}", problem);
    }

    /// <summary>The image to boot (ImageToBoot: --image, else the --profile's image); missing images fail with how to make one.</summary>
    AbsolutePath BootImage()
    {
        var image = ImageToBoot;
        if (image.FileExists()) return image;
        var problem = Image is not null
            ? $"--image {Image}: no such file. Pass the path of a disk image, or build one with `./build.sh DiskImage --profile {Profile}`."
            : $"No disk image at {image.RelativeTo(RootDirectory)}. Build it with `./build.sh DiskImage --profile {Profile}`, or boot another image with --image PATH.";
        if (!IsDryRun) throw new BuildFailure(problem);
        Logger.Warning("{Problem}", problem); // a dry run of DiskImage + a runner writes no image either
        return image;
    }

    /// <summary>The VM settings layers, most important first: the parameters; the profile's [vm] table joins as a second layer.</summary>

    UefiFirmware Ovmf() => FirmwareLocator.FindOvmf(Firmware?.ToString()) ?? throw new BuildFailure(Firmware is not null
        ? $"--firmware {Firmware}: no such file. Pass OVMF's code file (e.g. /usr/share/OVMF/OVMF_CODE_4M.fd)."
        : "OVMF (the UEFI firmware for QEMU) was not found in the usual places. Install it (Debian/Ubuntu: apt-get install ovmf; " +
          "Fedora: dnf install edk2-ovmf; Arch: pacman -S edk2-ovmf; macOS: brew install qemu) or pass --firmware PATH/OVMF_CODE.fd.");

    QemuLauncher NewQemuLauncher()
    {
        var firmware = Ovmf();
        _accelerator ??= new AcceleratorSelector(Processes, Logger,
            new AcceleratorSelectorOptions(TemporaryDirectory / "kvm-probe.json", VmRunsDirectory, firmware, IsDryRun));
        return new QemuLauncher(Processes, _accelerator, firmware);
    }

    async Task RunInteractiveAsync(string name, QemuFrontEnd frontEnd, ResolutionPickerAnswer? picker)
    {
        var image = BootImage();
        var settings = VmResources.Resolve(VmLayers);
        using var run = VmRunDirectory.Create(VmRunsDirectory, name);
        var plan = await NewQemuLauncher().PrepareAsync(new VmLaunchRequest(image, settings, run.Path), frontEnd, CancellationToken);
        if (IsDryRun)
        {
            await Processes.RunAsync(plan.Command); // prints it
            return;
        }

        var serialLog = (Layout.Work / "runs" / name).CreateDirectory() / "serial.log";
        var console = Terminal;
        Logger.Information("> {Command}", plan.Command.ToDisplayString());
        Logger.Information("Serial console on this terminal (log: {SerialLog}); Ctrl+] stops the VM, Ctrl+A X quits QEMU.", serialLog);
        InteractiveResult result;
        // Raw mode like RunCloud: every key reaches the guest as typed; the terminal is restored whatever happens.
        await using (await RawTerminal.EnterAsync(Processes, console.InputIsTerminal, IsDryRun))
            result = await new InteractiveConsole(Logger).RunAsync(plan.Command, new TerminalStreams(console.Input, console.Output), picker, serialLog, CancellationToken);
        if (result.Detached) Logger.Information("VM stopped (Ctrl+]); its overlay is discarded.");
        else if (result.Exit.ExitCode is { } code and not 0)
            throw new BuildFailure($"QEMU exited with code {code}{(code % 2 == 1 && code > 1 ? $" (the guest wrote {code >> 1} to isa-debug-exit)" : "")}; its messages are above. Serial log: {serialLog}");
        else Logger.Information("QEMU exited; its overlay is discarded.");
    }
}
