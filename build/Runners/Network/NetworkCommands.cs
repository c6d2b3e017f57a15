using System.Globalization;
using RedoxBuild.CliWrap;

namespace RedoxBuild.Runners.Network;

/// <summary>What NetworkSetup is asked for: the TAP, the host's address on it, where (host or a namespace), DHCP or not.</summary>
public sealed record NetworkRequest(string Tap, Ipv4Interface Host, string? Netns, bool Dhcp, string? TapOwner);

/// <summary>
/// The commands of NetworkSetup and NetworkTeardown, as pure functions. With a namespace every command runs through
/// <c>ip netns exec NAME</c>, so the TAP, the sysctl, the rules and dnsmasq all live in that namespace.
/// </summary>
public sealed record NetworkCommands(string? Netns)
{
    /// <summary>Where nix-redox's cloud profile points the guest for DNS; dnsmasq itself serves DHCP only (--port=0).</summary>
    public static readonly IReadOnlyList<string> GuestDns = ["1.1.1.1", "8.8.8.8"];

    public string Place => Netns is null ? "the host" : $"network namespace {Netns}";

    public Command Tool(string program, params IEnumerable<string> arguments) =>
        Netns is null ? Cli.Wrap(program).WithArguments(arguments) : Cli.Wrap("ip").WithArguments(["netns", "exec", Netns, program, .. arguments]);

    /// <summary>JSON with the link flags and addresses; exits 1 when the device does not exist.</summary>
    public Command ShowTap(string tap) => Tool("ip", "-json", "address", "show", "dev", tap);

    public Command AddTap(string tap, string? owner) =>
        Tool("ip", ["tuntap", "add", "dev", tap, "mode", "tap", .. owner is null ? Array.Empty<string>() : ["user", owner]]);

    public Command DeleteTap(string tap) => Tool("ip", "link", "delete", "dev", tap);
    public Command AddAddress(string tap, Ipv4Interface host) => Tool("ip", "address", "add", host.ToString(), "dev", tap);
    public Command DeleteAddress(string tap, string host) => Tool("ip", "address", "delete", host, "dev", tap);
    public Command SetLink(string tap, bool up) => Tool("ip", "link", "set", "dev", tap, up ? "up" : "down");

    /// <summary>JSON list of default routes; the first one's "dev" is the interface NAT sends guest traffic out of.</summary>
    public Command DefaultRoutes() => Tool("ip", "-json", "route", "show", "default");

    public Command ReadIpForward() => Tool("sysctl", "-n", "net.ipv4.ip_forward");
    public Command WriteIpForward(string value) => Tool("sysctl", "-w", $"net.ipv4.ip_forward={value}");

    /// <summary>iptables -w (wait for the xtables lock) -t TABLE -C|-A|-D CHAIN SPEC.</summary>
    public Command Iptables(string operation, FirewallRule rule) => Tool("iptables", ["-w", "-t", rule.Table, operation, rule.Chain, .. rule.Spec]);

    /// <summary>
    /// Masquerade the guest subnet out of the uplink and let forwarded traffic through in both directions (replies
    /// only, inbound). nix-redox wrote the last match as "-m state --state"; "state" is an old alias of the
    /// conntrack match, which is used here.
    /// </summary>
    public static IReadOnlyList<FirewallRule> NatRules(Ipv4Interface host, string tap, string uplink) =>
    [
        new("nat", "POSTROUTING", ["-s", host.Subnet, "-o", uplink, "-j", "MASQUERADE"]),
        new("filter", "FORWARD", ["-i", tap, "-o", uplink, "-j", "ACCEPT"]),
        new("filter", "FORWARD", ["-i", uplink, "-o", tap, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"]),
    ];

    /// <summary>
    /// dnsmasq as a DHCP-only daemon on the TAP: it forks once it is ready and writes its pid file (with --no-daemon it
    /// would write none), so the pid can be recorded and teardown can stop exactly this process. --conf-file=/dev/null
    /// keeps a system-wide /etc/dnsmasq.conf out of it.
    /// </summary>
    public Command StartDhcp(string tap, Ipv4Interface host, DhcpServer files) => Tool("dnsmasq",
        "--conf-file=/dev/null",
        "--port=0",
        $"--interface={tap}",
        "--bind-interfaces",
        "--except-interface=lo",
        $"--dhcp-range={host.DhcpRangeStart},{host.DhcpRangeEnd},{host.Netmask},12h",
        $"--dhcp-option=option:router,{host.Address}",
        $"--dhcp-option=option:dns-server,{string.Join(',', GuestDns)}",
        $"--dhcp-leasefile={files.LeaseFile}",
        $"--pid-file={files.PidFile}",
        "--log-dhcp",
        $"--log-facility={files.LogFile}");

    public static Command Kill(int pid) => Cli.Wrap("kill").WithArguments(["-TERM", pid.ToString(CultureInfo.InvariantCulture)]);
}
