using System.Globalization;
using RedoxBuild.CliWrap;
using RedoxBuild.Engine;

namespace RedoxBuild.Runners.Network;

/// <summary>
/// NetworkSetup: a TAP for the guest with the host's address, IP forwarding, NAT out of the default-route interface
/// and optionally a DHCP server. Every step first looks whether its effect is already there, so a second run adds
/// nothing; whatever it does add is recorded in the state file right away, for NetworkTeardown.
/// </summary>
public sealed class HostNetworkSetup(Processes processes, NetworkStateStore store, bool dryRun, Serilog.ILogger logger)
{
    /// <summary>In a dry run nothing is queried for real, so the NAT rules name the uplink with this placeholder.</summary>
    public const string DryRunUplink = "<default-route-interface>";

    private static readonly TimeSpan PidFileLimit = TimeSpan.FromSeconds(5);

    /// <summary>Sets everything up; returns what was added (empty when everything was there already).</summary>
    public async Task<IReadOnlyList<string>> SetUpAsync(NetworkRequest request)
    {
        var commands = new NetworkCommands(request.Netns);
        var state = store.Load() ?? new NetworkState(request.Netns, request.Tap, request.Host.ToString());
        if (state.Tap != request.Tap || state.HostAddress != request.Host.ToString())
            throw new BuildFailure(
                $"NetworkSetup already set up TAP {state.Tap} with {state.HostAddress} in {commands.Place} (recorded in {store.File}). " +
                "Run NetworkTeardown first to set up a different TAP or address there.");
        var added = new List<string>();
        void Record(NetworkState next, string what)
        {
            state = next;
            added.Add(what);
            if (!dryRun) store.Save(state);
        }

        var link = await QueryAsync(commands.ShowTap(request.Tap), LinkStatus.Parse);
        if (link is null)
        {
            await processes.RunAsync(commands.AddTap(request.Tap, request.TapOwner));
            Record(state with { CreatedTap = true }, $"TAP {request.Tap} (owner {request.TapOwner ?? "root"})");
            if (request.TapOwner is null)
                logger.Warning("{Tap} belongs to root (no SUDO_USER): run the VMM as root, or run NetworkSetup with sudo from your own account.", request.Tap);
            link = new LinkStatus(false, []);
        }
        if (!link.Has(request.Host))
        {
            await processes.RunAsync(commands.AddAddress(request.Tap, request.Host));
            Record(state with { AddedAddress = true }, $"address {request.Host} on {request.Tap}");
        }
        if (!link.IsUp)
        {
            await processes.RunAsync(commands.SetLink(request.Tap, up: true));
            Record(state with { BroughtUp = true }, $"{request.Tap} up");
        }

        var forwarding = await QueryAsync(commands.ReadIpForward(), output => output.Trim());
        if (forwarding != "1")
        {
            await processes.RunAsync(commands.WriteIpForward("1"));
            Record(state with { IpForwardBefore = state.IpForwardBefore ?? (forwarding is { Length: > 0 } before ? before : "0") }, "net.ipv4.ip_forward=1");
        }

        var uplink = await QueryAsync(commands.DefaultRoutes(), LinkStatus.DefaultRouteInterface);
        if (dryRun) uplink = DryRunUplink;
        if (uplink is null)
            logger.Warning("No default route in {Place}: skipping NAT, so the guest reaches the host but not beyond. Rerun NetworkSetup once there is one.", commands.Place);
        foreach (var rule in uplink is null ? [] : NetworkCommands.NatRules(request.Host, request.Tap, uplink))
        {
            var present = (await processes.CaptureAsync(commands.Iptables("-C", rule).WithValidation(CommandResultValidation.None))).ExitCode == 0 && !dryRun;
            if (present) continue; // already there: ours from an earlier run (recorded then) or someone else's (left alone)
            await processes.RunAsync(commands.Iptables("-A", rule));
            Record(state with { Rules = [.. state.Rules, rule] }, $"iptables -t {rule.Table} {rule.Chain} {string.Join(' ', rule.Spec)}");
        }

        if (request.Dhcp && (state.Dhcp is null || !DhcpProcess.IsRunning(state.Dhcp)))
        {
            var server = await StartDhcpAsync(commands, request);
            Record(state with { Dhcp = server }, $"dnsmasq DHCP {request.Host.DhcpRangeStart}-{request.Host.DhcpRangeEnd} (pid {server.Pid})");
        }
        return added;
    }

    private async Task<DhcpServer> StartDhcpAsync(NetworkCommands commands, NetworkRequest request)
    {
        if (!dryRun) store.Directory.CreateDirectory();
        var files = new DhcpServer(0, store.Directory / "dnsmasq.pid", store.Directory / "dnsmasq.leases", store.Directory / "dnsmasq.log");
        if (!dryRun) File.Delete(files.PidFile); // a stale one would give the old pid
        await processes.RunAsync(commands.StartDhcp(request.Tap, request.Host, files));
        if (dryRun) return files;

        // dnsmasq writes the pid file as it detaches; allow for a slow disk.
        var deadline = DateTime.UtcNow + PidFileLimit;
        while (true)
        {
            if (File.Exists(files.PidFile) && int.TryParse(File.ReadAllText(files.PidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                return files with { Pid = pid };
            if (DateTime.UtcNow > deadline)
                throw new BuildFailure($"dnsmasq started but wrote no pid to {files.PidFile} within {PidFileLimit.TotalSeconds:0} s; see {files.LogFile}.");
            await Task.Delay(50);
        }
    }

    /// <summary>A read-only query: in a dry run it is printed and its answer taken as empty ("nothing there yet").</summary>
    private async Task<T?> QueryAsync<T>(Command command, Func<string, T?> parse)
    {
        var result = await processes.CaptureAsync(command.WithValidation(CommandResultValidation.None));
        return dryRun || result.ExitCode != 0 ? parse("") : parse(result.StandardOutput);
    }
}
