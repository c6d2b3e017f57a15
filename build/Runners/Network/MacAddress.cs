using System.Text.RegularExpressions;
using RedoxBuild.Engine;

namespace RedoxBuild.Runners.Network;

/// <summary>Checks the guest MAC before a VMM gets it, with a message that says what is accepted.</summary>
public static partial class MacAddress
{
    public static void Validate(string mac)
    {
        if (!Pattern().IsMatch(mac))
            throw new BuildFailure($"--guest-mac (env GUEST_MAC) must be six hex octets separated by colons, e.g. 52:54:00:12:34:56; got '{mac}'.");
        // The low bit of the first octet marks multicast; a NIC with such an address never receives unicast frames.
        if ((Convert.ToByte(mac[..2], 16) & 1) != 0)
            throw new BuildFailure($"--guest-mac {mac} is a multicast address (odd first octet); use a unicast one such as 52:54:00:12:34:56.");
    }

    [GeneratedRegex("^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")]
    private static partial Regex Pattern();
}
