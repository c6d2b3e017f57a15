using System.Net;
using System.Net.Sockets;
using RedoxBuild.Engine;

namespace RedoxBuild.Runners.Network;

/// <summary>
/// The host's address on the guest network with its prefix, e.g. 172.16.0.1/24, and what follows from it: the subnet
/// NAT masquerades, the netmask, the DHCP pool and the guest's static address.
/// </summary>
public sealed record Ipv4Interface(IPAddress Address, int PrefixLength)
{
    /// <summary>nix-redox's host address; its cloud profile gives the guest 172.16.0.2.</summary>
    public const string Default = "172.16.0.1/24";

    // A small fixed pool well away from the host (.1) and the static guest address (.2), as in machine.md's probe.
    private const uint PoolStart = 10, PoolEnd = 50;

    /// <summary>Parses "a.b.c.d/len"; a bare address (the Nix build's HOST_IP had no prefix) means /24.</summary>
    public static Ipv4Interface Parse(string text)
    {
        var parts = text.Trim().Split('/');
        if (parts.Length > 2 || !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != AddressFamily.InterNetwork ||
            parts[0].Count(c => c == '.') != 3)
            throw new BuildFailure($"--host-ip (env HOST_IP) must be an IPv4 address with an optional prefix length, e.g. {Default}; got '{text}'.");
        var prefix = 24;
        if (parts.Length == 2 && (!int.TryParse(parts[1], out prefix) || prefix is < 8 or > 26))
            throw new BuildFailure($"--host-ip (env HOST_IP): the prefix length must be between 8 and 26 (the guest network needs room for a DHCP pool), got '{parts[1]}' in '{text}'.");
        var result = new Ipv4Interface(address, prefix);
        var host = result.ToUInt(address) - result.Network;
        if (host == 0 || result.Network + host == result.Broadcast)
            throw new BuildFailure($"--host-ip {text} is the network or broadcast address of its subnet; use a host address such as {result.At(1)}/{prefix}.");
        if (host >= PoolStart && host <= PoolEnd)
            throw new BuildFailure($"--host-ip {text} lies in the DHCP pool {result.DhcpRangeStart}-{result.DhcpRangeEnd}; use an address below .{PoolStart}, e.g. {result.At(1)}/{prefix}.");
        return result;
    }

    /// <summary>As ip(8) writes it: 172.16.0.1/24.</summary>
    public override string ToString() => $"{Address}/{PrefixLength}";

    /// <summary>The subnet as iptables takes it: 172.16.0.0/24.</summary>
    public string Subnet => $"{At(0)}/{PrefixLength}";

    public IPAddress Netmask => FromUInt(PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength));

    public IPAddress DhcpRangeStart => At(PoolStart);
    public IPAddress DhcpRangeEnd => At(PoolEnd);

    /// <summary>The guest's static address in nix-redox's cloud profile (.2).</summary>
    public IPAddress StaticGuest => At(2);

    private uint Network => ToUInt(Address) & ToUInt(Netmask);
    private uint Broadcast => Network | ~ToUInt(Netmask);

    private IPAddress At(uint host) => FromUInt(Network + host);

    private uint ToUInt(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }

    private static IPAddress FromUInt(uint value) => new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
