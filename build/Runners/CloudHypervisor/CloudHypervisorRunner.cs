using RedoxBuild.CliWrap;
using RedoxBuild.Engine;

namespace RedoxBuild.Runners.CloudHypervisor;

/// <summary>What to boot and how (RunCloud, RunCloudNet, RunCloudDev).</summary>
public sealed record CloudHypervisorRun(string Binary, AbsolutePath Image, string Firmware, VmResources Vm)
{
    public CloudHypervisorNetwork? Network { get; init; }
    public CloudHypervisorDevelopment? Development { get; init; }
}

/// <summary>Boots an image in Cloud Hypervisor on this terminal, on a per-run copy that is deleted afterwards.</summary>
public sealed class CloudHypervisorRunner(Processes processes, HostConsole console, bool dryRun, Serilog.ILogger logger, AbsolutePath runsDirectory)
{
    public async Task RunAsync(CloudHypervisorRun run, CancellationToken cancellationToken)
    {
        var socket = run.Development?.ApiSocket;
        if (socket is not null && !dryRun) await ApiSocketFile.ClaimAsync(processes, socket, logger, cancellationToken);

        await using var directory = RunDirectory.Create(runsDirectory, "cloud-hypervisor", dryRun);
        var disk = await directory.CopyAsync(processes, run.Image, "harddrive.img");
        var launch = new CloudHypervisorLaunch(run.Firmware, disk, run.Vm) { Network = run.Network, Development = run.Development };
        var command = Cli.Wrap(run.Binary).WithArguments(CloudHypervisorCommandLine.Arguments(launch));
        if (socket is not null)
            logger.Information("API socket {Socket}: VmInfo, VmPause, VmResume, VmSnapshot and VmResizeMemory talk to this VM", socket);

        try
        {
            var detached = await new SerialConsole(processes, console, dryRun, logger).RunAsync(command, cancellationToken);
            if (!dryRun) logger.Information(detached ? "VM stopped (Ctrl+]); its disk copy is discarded" : "VM exited; its disk copy is discarded");
        }
        finally
        {
            if (socket is not null && !dryRun) ApiSocketFile.Remove(socket);
        }
    }
}
