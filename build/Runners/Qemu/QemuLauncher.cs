using RedoxBuild.Engine;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Runners.BootTest;

namespace RedoxBuild.Runners.Qemu;

/// <summary>
/// Boots images in QEMU. Every run gets a qcow2 overlay backed by the image and a copy of the OVMF variable store,
/// both in the run directory, so the built image and the system firmware are never written.
/// </summary>
public sealed class QemuLauncher(Processes processes, AcceleratorSelector accelerator, UefiFirmware firmware) : IVmLauncher
{
    public VmRunner Runner => VmRunner.Qemu;

    /// <summary>The boot-test front end: headless, no NIC, plain serial on stdio, -no-reboot.</summary>
    public Task<VmLaunchPlan> PrepareAsync(VmLaunchRequest request, CancellationToken cancellationToken) =>
        PrepareAsync(request, QemuFrontEnd.BootTest, cancellationToken);

    public async Task<VmLaunchPlan> PrepareAsync(VmLaunchRequest request, QemuFrontEnd frontEnd, CancellationToken cancellationToken)
    {
        var overlay = request.RunDirectory / "overlay.qcow2";
        // A dry run may name an image that a DiskImage earlier in the plan would have written: assume our raw format.
        var format = File.Exists(request.Image) ? DiskFormat.Detect(request.Image) : "raw";
        await processes.RunAsync(QemuCommandLine.CreateOverlay(request.Image, format, overlay));

        string? vars = null;
        if (firmware.VarsTemplate is { } template)
        {
            vars = request.RunDirectory / Path.GetFileName(template);
            File.Copy(template, vars); // OVMF writes its variables; the system's template stays untouched
        }

        var verdict = await accelerator.SelectAsync(cancellationToken);
        var options = new QemuLaunchOptions(new QemuDisk(overlay, "qcow2"), new QemuFirmware(firmware.Code, vars), request.Settings,
            verdict.Accelerator, frontEnd.Display, frontEnd.Network, frontEnd.Serial, frontEnd.NoReboot);
        return new VmLaunchPlan(QemuCommandLine.Command(options, request.RunDirectory), verdict.ToString(), verdict.Accelerator == QemuAccelerator.Kvm);
    }
}

/// <summary>The on-disk format of an image, as the overlay's backing format must name it.</summary>
public static class DiskFormat
{
    private static ReadOnlySpan<byte> QcowMagic => [(byte)'Q', (byte)'F', (byte)'I', 0xfb];

    /// <summary>"qcow2" when the file starts with QEMU's QFI\xfb magic, else "raw" (what our image writer produces).</summary>
    public static string Detect(string image)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(image);
        return file.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual(QcowMagic) ? "qcow2" : "raw";
    }
}
