using System.Globalization;
using RedoxBuild.Engine;

namespace RedoxBuild.Runners.Qemu;

/// <summary>Checks for RunQemuNet's inputs: the host TAP (made by NetworkSetup) and the guest's MAC address.</summary>
public static class TapNetwork
{
    /// <summary>The Nix runner's defaults (nix-redox §3): tap0 and QEMU's own first MAC.</summary>
    public const string DefaultTap = "tap0";
    public const string DefaultMac = "52:54:00:12:34:56";

    /// <summary>The MAC in lower case; fails unless it is six hex pairs naming a unicast address.</summary>
    public static string NormalizeMac(string mac)
    {
        var parts = mac.Trim().Split(':');
        if (parts.Length != 6 || parts.Any(p => p.Length != 2 || !byte.TryParse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _)))
            throw new BuildFailure($"--guest-mac (env GUEST_MAC) must be six hex byte pairs separated by colons, e.g. {DefaultMac}; got '{mac}'.");
        if ((byte.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 1) != 0)
            throw new BuildFailure($"--guest-mac {mac} is a multicast address (the lowest bit of the first byte is set); a NIC needs a unicast one such as {DefaultMac}.");
        return mac.Trim().ToLowerInvariant();
    }

    /// <summary>
    /// Null when <paramref name="tap"/> is an existing TAP interface, else what is wrong and how to fix it. Linux
    /// lists interfaces under /sys/class/net, and TUN/TAP ones have a tun_flags file there.
    /// </summary>
    public static string? Problem(string tap, string sysClassNet = "/sys/class/net")
    {
        const string Fix = "Create it with `sudo ./build.sh NetworkSetup`, or name an existing TAP with --tap NAME (env TAP_NAME).";
        if (tap.Length == 0 || tap.Contains('/') || tap.Contains(','))
            return $"--tap '{tap}' is not a valid interface name. {Fix}";
        var dir = Path.Combine(sysClassNet, tap);
        if (!Directory.Exists(dir)) return $"The TAP device '{tap}' does not exist. {Fix}";
        if (!File.Exists(Path.Combine(dir, "tun_flags"))) return $"'{tap}' exists but is not a TUN/TAP device. {Fix}";
        return null;
    }
}
