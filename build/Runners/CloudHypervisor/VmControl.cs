using System.Globalization;
using System.Text;
using RedoxBuild.CloudHypervisor.Api;
using RedoxBuild.Engine;

namespace RedoxBuild.Runners.CloudHypervisor;

/// <summary>The VmInfo, VmPause, VmResume, VmResizeMemory and VmSnapshot targets, over the REST API of a running VM.</summary>
public sealed class VmControl(ICloudHypervisorClient client, Processes processes, Serilog.ILogger logger)
{
    public async Task PauseAsync(CancellationToken cancellationToken)
    {
        await client.Vm.Pause(cancellationToken);
        logger.Information("VM paused; ./build.sh VmResume continues it");
    }

    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        await client.Vm.Resume(cancellationToken);
        logger.Information("VM running again");
    }

    /// <summary>State, vCPUs, memory (boot, hotplug room and what the guest has now), disks and NICs, one per line.</summary>
    public async Task<string> DescribeAsync(CancellationToken cancellationToken)
    {
        var info = await client.Vm.GetInfo(cancellationToken);
        var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"State:  {info.State}");
        if (info.Config.Cpus is { } cpus)
            text.AppendLine(CultureInfo.InvariantCulture, $"vCPUs:  {cpus.BootVcpus} (max {cpus.MaxVcpus})");
        if (info.Config.Memory is { } memory)
        {
            var actual = info.MemoryActualSize is { } bytes ? new ByteSize(bytes).ToHumanString() : "unknown";
            var hotplug = memory.HotplugSize is > 0 ? $", up to {new ByteSize(memory.HotplugSize.Value).ToHumanString()} more by {memory.HotplugMethod ?? "hotplug"}" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"Memory: {actual} (booted with {new ByteSize(memory.Size).ToHumanString()}{hotplug})");
        }
        foreach (var disk in info.Config.Disks ?? [])
            text.AppendLine(CultureInfo.InvariantCulture, $"Disk:   {disk.Path}{(disk.Direct ? " (direct I/O)" : "")}");
        foreach (var net in info.Config.Net ?? [])
            text.AppendLine(CultureInfo.InvariantCulture, $"NIC:    {net.Tap} {net.Mac}");
        return text.ToString().TrimEnd();
    }

    /// <summary>Asks for a new memory size, which must lie between the boot size and the boot size plus the hotplug room.</summary>
    public async Task ResizeMemoryAsync(ByteSize desired, CancellationToken cancellationToken)
    {
        var info = await client.Vm.GetInfo(cancellationToken);
        var memory = info.Config.Memory ?? throw new BuildFailure("vm.info reported no memory configuration; cannot resize.");
        var most = memory.Size + (memory.HotplugSize ?? 0);
        if (memory.HotplugSize is null or 0)
            throw new BuildFailure("This VM has no hotplug room (it was not started with ./build.sh RunCloudDev), so its memory cannot change.");
        if (desired.Bytes < memory.Size || desired.Bytes > most)
            throw new BuildFailure($"--memory {desired} is outside what this VM can have: between {new ByteSize(memory.Size)} (its boot size) and {new ByteSize(most)} (boot size plus {new ByteSize(memory.HotplugSize.Value)} of hotplug room).");
        await client.Vm.Resize(new VmResize(DesiredRam: desired.Bytes), cancellationToken);
        logger.Information("Asked for {Size} of guest memory (the guest plugs virtio-mem blocks in its own time; VmInfo shows what it has)", desired.ToString());
    }

    /// <summary>
    /// Pauses the VM (if it runs), writes a snapshot into <paramref name="directory"/> and copies each disk beside it,
    /// since the snapshot holds memory and device state but not disk contents, and the run's disk copy is deleted
    /// when the run ends. The VM stays paused, as in the Nix build.
    /// </summary>
    public async Task SnapshotAsync(AbsolutePath directory, CancellationToken cancellationToken)
    {
        SnapshotDirectory.CheckReplaceable(directory);
        var info = await client.Vm.GetInfo(cancellationToken);
        if (info.State == VmState.Running)
        {
            await client.Vm.Pause(cancellationToken);
            logger.Information("VM paused for the snapshot");
        }
        else if (info.State != VmState.Paused)
        {
            throw new BuildFailure($"The VM is {info.State}; only a running or paused VM can be snapshotted.");
        }

        // Written beside the directory and swapped in only when complete: a refused vm.snapshot, a full disk or a
        // failed disk copy must not cost the user the snapshot they already had.
        var partial = SnapshotDirectory.CreatePartial(directory);
        var disks = info.Config.Disks ?? [];
        try
        {
            await client.Vm.Snapshot(new VmSnapshotConfig(SnapshotDirectory.FileUrl(partial)), cancellationToken);
            for (var i = 0; i < disks.Count; i++)
            {
                if (disks[i].Path is not { } path) continue;
                await processes.RunAsync(RedoxBuild.CliWrap.Cli.Wrap("cp").WithArguments(["--reflink=auto", "--sparse=always", path, partial / SnapshotDirectory.DiskFile(i)]));
            }
            SnapshotDirectory.Replace(directory, partial);
        }
        catch (Exception e)
        {
            SnapshotDirectory.DeleteQuietly(partial);
            if (e is OperationCanceledException) throw;
            var kept = SnapshotDirectory.HoldsSnapshot(directory) ? $"the previous snapshot in {directory} is unchanged" : $"nothing was written to {directory}";
            throw new BuildFailure($"{e.Message.TrimEnd('.')} ({kept}).", e);
        }
        logger.Information(
            "Snapshot written to {Directory} (memory, device state and copies of {Disks} disk(s)). The VM stays paused, as in the Nix build: " +
            "./build.sh VmResume continues it; ./build.sh VmRestore --snapshot-dir {Directory} starts a new VM from the snapshot once this one is stopped.",
            directory.ToString(), disks.Count, directory.ToString());
    }
}
