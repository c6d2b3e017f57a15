using RedoxBuild.CliWrap;
using RedoxBuild.CloudHypervisor.Api;
using RedoxBuild.Engine;

namespace RedoxBuild.Runners.CloudHypervisor;

/// <summary>
/// The --api-socket path around one VMM run: refused while another VMM answers on it, cleared when a dead one left it
/// behind (older Cloud Hypervisor releases fail with "Address in use" otherwise), and removed when the run ends.
/// </summary>
public static class ApiSocketFile
{
    public static async Task ClaimAsync(Processes processes, string socket, Serilog.ILogger logger, CancellationToken cancellationToken)
    {
        if (!File.Exists(socket)) return;
        // Only ever delete a socket: a regular file at that path is somebody's data, whatever refuses connections.
        var type = await processes.CaptureAsync(Cli.Wrap("stat").WithArguments(["--format=%F", socket]));
        if (type.StandardOutput.Trim() != "socket")
            throw new BuildFailure($"--api-socket {socket} exists and is not a socket ({type.StandardOutput.Trim()}); move it away or pass another --api-socket.");
        using var client = new CloudHypervisorClient(socket);
        try
        {
            var ping = await client.Vmm.Ping(cancellationToken);
            throw new BuildFailure(
                $"A Cloud Hypervisor (version {ping.Version}) is already listening on {socket}. Stop that VM first, " +
                "or give this one another socket with --api-socket (env CH_API_SOCKET).");
        }
        catch (VmmUnreachableException)
        {
            logger.Information("Removing the stale API socket {Socket} (nothing listens on it)", socket);
            Remove(socket);
        }
    }

    /// <summary>Deletes the socket and the .lock file newer Cloud Hypervisor releases keep beside it.</summary>
    public static void Remove(string socket)
    {
        File.Delete(socket);
        File.Delete(socket + ".lock");
    }

    /// <summary>Polls vmm.ping until the freshly started VMM answers; fails if it exits first or takes too long.</summary>
    public static async Task WaitUntilServingAsync(ICloudHypervisorClient client, Task vmm, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (vmm.IsCompleted)
            {
                await vmm; // surfaces the VMM's own failure (exit code and last output)
                throw new BuildFailure("cloud-hypervisor exited before its API answered.");
            }
            try
            {
                await client.Vmm.Ping(cancellationToken);
                return;
            }
            catch (VmmUnreachableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
            catch (VmmUnreachableException e)
            {
                throw new BuildFailure($"cloud-hypervisor did not answer on its API socket within {limit.TotalSeconds:0} s: {e.Message}");
            }
        }
    }
}
