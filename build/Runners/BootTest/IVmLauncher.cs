using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using RedoxBuild.Model.Profiles;

namespace RedoxBuild.Runners.BootTest;

/// <summary>What any VMM is asked to boot: the built image (read, never written), the resources, and a scratch directory.</summary>
/// <param name="Image">The disk image as the build produced it; launchers boot a copy-on-write overlay of it.</param>
/// <param name="Settings">CPUs, memory and the rest, already resolved from parameters, profile and defaults.</param>
/// <param name="RunDirectory">A per-run directory for the overlay, firmware variables and sockets; deleted after the run.</param>
public sealed record VmLaunchRequest(AbsolutePath Image, VmResources Settings, AbsolutePath RunDirectory);

/// <summary>
/// A prepared boot: the command that starts the VMM with the guest's serial console on its stdout and stdin (what
/// <see cref="VmProcess"/> and the boot test read and write), and whether hardware acceleration is in use (boot
/// tests allow more time without it).
/// </summary>
public sealed record VmLaunchPlan(Command Command, string Accelerator, bool IsAccelerated);

/// <summary>
/// The seam between the boot test and a VMM. QEMU implements it (QemuLauncher); a Cloud Hypervisor launcher
/// implements the same two members (firmware CLOUDHV.fd, <c>--serial tty --console off</c> so the console is on
/// stdio) and is registered in Build.BootTest.cs (<c>VmLauncherFor</c>). Everything after PrepareAsync (streaming,
/// milestones, crash detection, test protocol, JUnit, killing the VM) is shared.
/// </summary>
public interface IVmLauncher
{
    VmRunner Runner { get; }

    /// <summary>
    /// Creates what the run needs inside <see cref="VmLaunchRequest.RunDirectory"/> (tools go through Processes, so
    /// a dry run prints them) and returns the boot command, which the caller starts (or, in a dry run, prints).
    /// </summary>
    Task<VmLaunchPlan> PrepareAsync(VmLaunchRequest request, CancellationToken cancellationToken);
}

/// <summary>A per-run scratch directory (overlay, firmware variables); deleted with everything in it on dispose.</summary>
public sealed class VmRunDirectory : IDisposable
{
    private VmRunDirectory(AbsolutePath path) => Path = path;

    public AbsolutePath Path { get; }

    /// <summary>Creates <c>parent/name-random</c>. The caller must stop the VM before disposing.</summary>
    public static VmRunDirectory Create(AbsolutePath parent, string name)
    {
        parent.CreateDirectory();
        var path = parent / $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];
        return new VmRunDirectory(path.CreateDirectory());
    }

    public void Dispose()
    {
        if (Path.DirectoryExists()) Directory.Delete(Path, recursive: true);
    }
}
