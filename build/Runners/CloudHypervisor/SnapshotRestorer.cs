using System.Text.Json.Nodes;
using RedoxBuild.CliWrap;
using RedoxBuild.CloudHypervisor.Api;
using RedoxBuild.Engine;

namespace RedoxBuild.Runners.CloudHypervisor;

/// <summary>
/// VmRestore. vm.restore only works on a VMM that has no VM yet, so the sequence is:
/// <list type="number">
/// <item>refuse while a VMM answers on the API socket (remove a dead one's socket file);</item>
/// <item>make a per-run directory: symlinks to the snapshot's memory and state files, copies of the disk-N.img files
///   VmSnapshot saved, and config.json with each disk's path pointing at its copy (the snapshot names the disk copy of
///   the run it was taken from, which was deleted when that run ended; the snapshot itself stays untouched and can be
///   restored again);</item>
/// <item>start <c>cloud-hypervisor --api-socket path=SOCK</c> with nothing else, its serial console on this terminal;</item>
/// <item>wait until vmm.ping answers, then PUT vm.restore (source_url = the per-run directory) and PUT vm.resume,
///   since a restored VM starts paused;</item>
/// <item>wait for the VMM to exit; delete the per-run directory and the socket.</item>
/// </list>
/// </summary>
public sealed class SnapshotRestorer(Processes processes, HostConsole console, bool dryRun, Serilog.ILogger logger, AbsolutePath runsDirectory)
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(20);

    public async Task RestoreAsync(string binary, AbsolutePath snapshot, string socket, CancellationToken cancellationToken)
    {
        if (!SnapshotDirectory.HoldsSnapshot(snapshot))
            throw new BuildFailure($"No snapshot in {snapshot} (it needs {SnapshotDirectory.ConfigFile} and {SnapshotDirectory.StateFile}): take one with ./build.sh VmSnapshot --snapshot-dir {snapshot}.");
        if (!dryRun) await ApiSocketFile.ClaimAsync(processes, socket, logger, cancellationToken);

        await using var run = RunDirectory.Create(runsDirectory, "restore", dryRun);
        await PrepareAsync(snapshot, run);

        using var stopVmm = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var command = Cli.Wrap(binary).WithArguments(CloudHypervisorCommandLine.ApiOnly(socket));
        var vmm = new SerialConsole(processes, console, dryRun, logger).RunAsync(command, stopVmm.Token);
        try
        {
            if (dryRun)
            {
                await vmm;
                logger.Information("[dry-run] then PUT {Restore} {{\"source_url\":\"{Url}\"}} and PUT {Resume} on {Socket}",
                    ApiUrls.PathOf(ApiUrls.VmRestore), SnapshotDirectory.FileUrl(run.Path), ApiUrls.PathOf(ApiUrls.VmResume), socket);
                return;
            }
            using (var client = new CloudHypervisorClient(socket))
            {
                await ApiSocketFile.WaitUntilServingAsync(client, vmm, StartLimit, cancellationToken);
                await client.Vm.Restore(new RestoreConfig(SnapshotDirectory.FileUrl(run.Path)), cancellationToken);
                await client.Vm.Resume(cancellationToken);
            }
            logger.Information("Restored the VM from {Snapshot}; it runs again", snapshot.ToString());
            await vmm;
        }
        catch when (!vmm.IsCompleted)
        {
            // The restore failed while the VMM runs: stop it, then report the restore's own error.
            await stopVmm.CancelAsync();
            try { await vmm; } catch (OperationCanceledException) { }
            throw;
        }
        finally
        {
            if (!dryRun) ApiSocketFile.Remove(socket);
        }
    }

    private async Task PrepareAsync(AbsolutePath snapshot, RunDirectory run)
    {
        var config = JsonNode.Parse(await File.ReadAllTextAsync(snapshot / SnapshotDirectory.ConfigFile))
            ?? throw new BuildFailure($"{snapshot / SnapshotDirectory.ConfigFile} is empty (JSON null); take a new snapshot.");
        var disks = config["disks"]?.AsArray() ?? [];
        for (var i = 0; i < disks.Count; i++)
        {
            var saved = snapshot / SnapshotDirectory.DiskFile(i);
            if (!saved.FileExists())
                throw new BuildFailure($"{saved} is missing: this snapshot was not taken by VmSnapshot, which saves each disk beside the snapshot. Take a new one with ./build.sh VmSnapshot.");
            disks[i]!["path"] = (string)await run.CopyAsync(processes, saved, SnapshotDirectory.DiskFile(i));
        }
        if (dryRun) return;

        foreach (var file in Directory.EnumerateFiles(snapshot).Select(Path.GetFileName).Where(n => n != SnapshotDirectory.ConfigFile && !n!.StartsWith("disk-", StringComparison.Ordinal)))
            File.CreateSymbolicLink(run.Path / file!, snapshot / file!);
        await File.WriteAllTextAsync(run.Path / SnapshotDirectory.ConfigFile, config.ToJsonString());
    }
}
