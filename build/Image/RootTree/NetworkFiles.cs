using RedoxBuild.Model.Profiles;

namespace RedoxBuild.Image.RootTree;

/// <summary>
/// Renders [network] into the files Redox's network stack reads at boot. smolnetd takes its address from
/// /etc/net/ip, ip_subnet and ip_router and its resolver from /etc/net/dns (one address: the first of 'dns'); the
/// per-interface files /etc/net/&lt;interface&gt;/{ip,netmask,gateway} are nix-redox's layout, kept for tools that read it.
/// <list type="bullet">
/// <item>static: the address, netmask and gateway in both layouts, and dns.</item>
/// <item>dhcp: dns and an init script that starts the DHCP client (netutils' dhcpd, daemonised with -b).</item>
/// <item>auto: dhcp's files plus, when an address is given, static's files as the fallback smolnetd starts with until
/// a lease replaces it.</item>
/// <item>none: nothing; whatever [[files]] wrote under /etc/net stays.</item>
/// </list>
/// </summary>
public static class NetworkFiles
{
    /// <summary>Runs after base's network stack (10_*) is up; init runs /usr/lib/init.d in name order.</summary>
    public const string DhcpScript = "/usr/lib/init.d/15_dhcp";

    public static IReadOnlyList<GeneratedFile> For(NetworkSettings network)
    {
        var files = new List<GeneratedFile>();
        if (network.Mode == NetworkMode.None) return files;
        if (network.Mode is NetworkMode.Static or NetworkMode.Auto && network.Address is { } address)
        {
            files.Add(Line("/etc/net/ip", address.Address.ToString()));
            files.Add(Line("/etc/net/ip_subnet", address.Netmask.ToString()));
            files.Add(Line($"/etc/net/{network.Interface}/ip", address.Address.ToString()));
            files.Add(Line($"/etc/net/{network.Interface}/netmask", address.Netmask.ToString()));
        }
        if (network.Mode is NetworkMode.Static or NetworkMode.Auto && network.Gateway is { } gateway)
        {
            files.Add(Line("/etc/net/ip_router", gateway.ToString()));
            files.Add(Line($"/etc/net/{network.Interface}/gateway", gateway.ToString()));
        }
        if (network.Dns.Count > 0) files.Add(Line("/etc/net/dns", network.Dns[0].ToString()));
        if (network.Mode is NetworkMode.Dhcp or NetworkMode.Auto) files.Add(new GeneratedFile(DhcpScript, "dhcpd -b\n"));
        return files;
    }

    private static GeneratedFile Line(string path, string value) => new(path, value + "\n");
}
