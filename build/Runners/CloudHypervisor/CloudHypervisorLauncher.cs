using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using RedoxBuild.Runners.BootTest;

namespace RedoxBuild.Runners.CloudHypervisor;

/// <summary>
/// Boots images in Cloud Hypervisor for the boot test: a per-run reflinked/sparse copy of the image (the built image is
/// never written), CLOUDHV.fd, and --serial tty --console off so the guest's console is the process's stdio, which the
/// shared boot-test machinery follows. Cloud Hypervisor always runs under KVM.
/// </summary>
public sealed class CloudHypervisorLauncher(Processes processes, string binary, string firmware) : IVmLauncher
{
    public VmRunner Runner => VmRunner.CloudHypervisor;

    public async Task<VmLaunchPlan> PrepareAsync(VmLaunchRequest request, CancellationToken cancellationToken)
    {
        var disk = request.RunDirectory / "harddrive.img";
        await processes.RunAsync(Cli.Wrap("cp").WithArguments(["--reflink=auto", "--sparse=always", request.Image, disk]).WithWorkingDirectory(request.RunDirectory));
        if (!processes.IsDryRun && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(disk, File.GetUnixFileMode(disk) | UnixFileMode.UserWrite); // an image from a read-only store stays usable
        var arguments = CloudHypervisorCommandLine.Arguments(new CloudHypervisorLaunch(firmware, disk, request.Settings));
        return new VmLaunchPlan(Cli.Wrap(binary).WithArguments(arguments).WithWorkingDirectory(request.RunDirectory), "kvm", IsAccelerated: true);
    }
}
