using RedoxBuild.CliWrap;
using RedoxBuild.Engine;

namespace RedoxBuild.Runners.Network;

/// <summary>
/// NetworkTeardown: undoes exactly what the state file records, newest first (dnsmasq, rules, ip_forward, address,
/// link state, TAP), saving the state after each step so an interrupted teardown can simply be run again.
/// </summary>
public sealed class HostNetworkTeardown(Processes processes, NetworkStateStore store, bool dryRun, Serilog.ILogger logger)
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(5);

    /// <summary>Returns what was removed; null when there was no state file (nothing to do).</summary>
    public async Task<IReadOnlyList<string>?> TearDownAsync()
    {
        var state = store.Load();
        if (state is null) return null;
        var commands = new NetworkCommands(state.Netns);
        var removed = new List<string>();
        void Record(NetworkState next, string what)
        {
            state = next;
            removed.Add(what);
            if (!dryRun) store.Save(state);
        }

        if (state.Dhcp is { } dhcp)
        {
            if (dryRun || DhcpProcess.IsRunning(dhcp))
            {
                await processes.RunAsync(NetworkCommands.Kill(dhcp.Pid));
                await WaitForExitAsync(dhcp);
            }
            if (!dryRun) foreach (var file in new[] { dhcp.PidFile, dhcp.LeaseFile, dhcp.LogFile }) File.Delete(file);
            Record(state with { Dhcp = null }, $"dnsmasq (pid {dhcp.Pid}) and its lease file");
        }

        foreach (var rule in state.Rules.Reverse())
        {
            var present = dryRun || (await processes.CaptureAsync(commands.Iptables("-C", rule).WithValidation(CommandResultValidation.None))).ExitCode == 0;
            if (present) await processes.RunAsync(commands.Iptables("-D", rule));
            Record(state with { Rules = state.Rules.Where(r => !r.Matches(rule)).ToList() }, $"iptables -t {rule.Table} {rule.Chain} {string.Join(' ', rule.Spec)}");
        }

        if (state.IpForwardBefore is { } before)
        {
            await processes.RunAsync(commands.WriteIpForward(before));
            Record(state with { IpForwardBefore = null }, $"net.ipv4.ip_forward back to {before}");
        }

        var exists = dryRun || (await processes.CaptureAsync(commands.ShowTap(state.Tap).WithValidation(CommandResultValidation.None))).ExitCode == 0;
        if (state.CreatedTap)
        {
            if (exists) await processes.RunAsync(commands.DeleteTap(state.Tap));
            Record(state with { CreatedTap = false, AddedAddress = false, BroughtUp = false }, $"TAP {state.Tap}");
        }
        if (state.AddedAddress)
        {
            if (exists) await processes.RunAsync(commands.DeleteAddress(state.Tap, state.HostAddress));
            Record(state with { AddedAddress = false }, $"address {state.HostAddress} on {state.Tap}");
        }
        if (state.BroughtUp)
        {
            if (exists) await processes.RunAsync(commands.SetLink(state.Tap, up: false));
            Record(state with { BroughtUp = false }, $"{state.Tap} down again");
        }

        if (!dryRun) store.Delete();
        return removed;
    }

    private async Task WaitForExitAsync(DhcpServer dhcp)
    {
        if (dryRun) return;
        var deadline = DateTime.UtcNow + ExitLimit;
        while (DhcpProcess.IsRunning(dhcp))
        {
            if (DateTime.UtcNow > deadline)
                throw new BuildFailure($"dnsmasq (pid {dhcp.Pid}) did not exit within {ExitLimit.TotalSeconds:0} s of SIGTERM; stop it by hand (kill -9 {dhcp.Pid}) and run NetworkTeardown again.");
            await Task.Delay(50);
        }
        logger.Debug("dnsmasq {Pid} exited", dhcp.Pid);
    }
}
