using RedoxBuild.Doctor;
using RedoxBuild.Engine;
using RedoxBuild.Runners.CloudHypervisor;
using RedoxBuild.Runners.Network;

partial class Build
{
    // Tap and GuestMac serve RunQemuNet too (Build.Run.Qemu.cs).
    // Read through TapName (Build.Vm.cs): an unset --tap falls back to the profile's [vm] tap_interface.
    [Parameter("TAP device for guest networking (NetworkSetup, RunCloudNet, RunQemuNet, and RunCloud/RunQemu with [vm] tap). Default: the profile's [vm] tap_interface, else tap0.", EnvironmentAliases = ["TAP_NAME"])]
    readonly string? Tap;

    [Parameter("MAC address of the guest's network card.", EnvironmentAliases = ["GUEST_MAC"])]
    readonly string GuestMac = CloudHypervisorNetwork.DefaultGuestMac;

    [Parameter("The host's address and prefix on the TAP; guests use the next address (.2) statically or get one from --dhcp.")]
    readonly string HostIp = Ipv4Interface.Default;

    [Parameter("NetworkSetup/NetworkTeardown: work inside this existing network namespace (ip netns exec NAME ...) instead of on the host.")]
    readonly string? Netns;

    [Parameter("NetworkSetup: also run a dnsmasq DHCP server for the guest subnet (addresses .10 to .50).")]
    readonly bool Dhcp;

    /// <summary>Root or not, and who invoked sudo; a property so tests can give other facts.</summary>
    internal virtual HostPrivileges Privileges => HostPrivileges.Detect(EnvironmentVariables);

    [UsesTools(ToolFamily.Network)]
    Target NetworkSetup => _ => _
        .Description("Creates the guest TAP with the host address, turns on IP forwarding, adds NAT (iptables) and with --dhcp starts dnsmasq; as root. Idempotent; everything added is recorded for NetworkTeardown.")
        .Executes(async () =>
        {
            var tap = TapName;
            if (!RedoxBuild.Net.InterfaceNames.IsValid(tap))
                throw new BuildFailure($"--tap '{tap}' (env TAP or TAP_NAME) is not a valid interface name: {RedoxBuild.Net.InterfaceNames.Rule}, e.g. --tap tap0.");
            var request = new NetworkRequest(tap, Ipv4Interface.Parse(HostIp), Netns, Dhcp, Privileges.SudoUser);
            CheckNetworkPrivileges("NetworkSetup");
            var store = new NetworkStateStore(TemporaryDirectory, Netns);
            var added = await new HostNetworkSetup(Processes, store, IsDryRun, Logger).SetUpAsync(request);

            var place = new NetworkCommands(Netns).Place;
            if (IsDryRun) Logger.Information("[dry-run] would add in {Place} (nothing was run or recorded):\n  {Added}", place, string.Join("\n  ", added.Select(a => a.Replace(" (pid 0)", "", StringComparison.Ordinal))));
            else if (added.Count == 0) Logger.Information("Nothing new: everything was already set up in {Place}", place);
            else Logger.Information("Added in {Place} (recorded in {State}):\n  {Added}", place, store.File.ToString(), string.Join("\n  ", added));
            var host = request.Host;
            Logger.Information(
                "Guest settings: {Guest}/{Prefix} (static, as the cloud profile) {Dhcp}, gateway {Gateway}, DNS {Dns}. Undo with: sudo ./build.sh NetworkTeardown{Netns}",
                host.StaticGuest, host.PrefixLength, Dhcp ? $"or DHCP {host.DhcpRangeStart}-{host.DhcpRangeEnd}" : "(no DHCP: --dhcp adds it)",
                host.Address, string.Join(", ", NetworkCommands.GuestDns), Netns is null ? "" : $" --netns {Netns}");
            ReportSummary(s => s[IsDryRun ? "Would add" : "Added"] = added.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });

    [UsesTools(ToolFamily.Network)]
    Target NetworkTeardown => _ => _
        .Description("Removes exactly what NetworkSetup recorded (dnsmasq, iptables rules, ip_forward, address, TAP) and nothing else; as root.")
        .Executes(async () =>
        {
            CheckNetworkPrivileges("NetworkTeardown");
            var store = new NetworkStateStore(TemporaryDirectory, Netns);
            var removed = await new HostNetworkTeardown(Processes, store, IsDryRun, Logger).TearDownAsync();
            if (removed is null)
                Logger.Information("Nothing to tear down in {Place}: no state file at {State} (NetworkSetup records what it adds there).", new NetworkCommands(Netns).Place, store.File.ToString());
            else
                Logger.Information("Removed from {Place}:\n  {Removed}", new NetworkCommands(Netns).Place, removed.Count == 0 ? "(nothing was left)" : string.Join("\n  ", removed));
        });

    /// <summary>Fails without root (a dry run needs none) and names the exact command to run; checks the namespace exists.</summary>
    void CheckNetworkPrivileges(string target)
    {
        if (!Privileges.IsRoot && !IsDryRun)
            throw new BuildFailure($"{target} changes this machine's network (TAP device, iptables, sysctl, dnsmasq) and needs root. Run:\n  sudo ./build.sh {target}{NetworkArguments(target)}");
        if (Netns is not null && !File.Exists($"/run/netns/{Netns}"))
            throw new BuildFailure($"There is no network namespace '{Netns}' (no /run/netns/{Netns}). Create it with: sudo ip netns add {Netns}");
    }

    /// <summary>
    /// The network parameters that differ from their defaults, spelled out (sudo drops the environment). The TAP is
    /// named even when it came from the profile, so the command does not depend on --profile being repeated.
    /// </summary>
    string NetworkArguments(string target)
    {
        var arguments = new List<string>();
        var tap = TapName;
        if (tap != CloudHypervisorNetwork.DefaultTap) arguments.Add($"--tap {tap}");
        if (target == nameof(NetworkSetup) && HostIp != Ipv4Interface.Default) arguments.Add($"--host-ip {HostIp}");
        if (Netns is not null) arguments.Add($"--netns {Netns}");
        if (target == nameof(NetworkSetup) && Dhcp) arguments.Add("--dhcp");
        return arguments.Count == 0 ? "" : " " + string.Join(' ', arguments);
    }
}
