namespace RedoxBuild.Runners.Qemu;

/// <summary>RunQemuNet's check that the host TAP exists before QEMU tries to open it (the MAC is checked by MacAddress).</summary>
public static class TapNetwork
{
    /// <summary>
    /// Null when <paramref name="tap"/> is an existing TAP interface, else what is wrong and how to fix it. Linux
    /// lists interfaces under /sys/class/net, and TUN/TAP ones have a tun_flags file there.
    /// </summary>
    public static string? Problem(string tap, string sysClassNet = "/sys/class/net")
    {
        const string Fix = "Create it with `sudo ./build.sh NetworkSetup`, or name an existing TAP with --tap NAME (env TAP_NAME).";
        if (!Net.InterfaceNames.IsValid(tap))
            return $"--tap '{tap}' is not a valid interface name ({Net.InterfaceNames.Rule}). {Fix}";
        var dir = Path.Combine(sysClassNet, tap);
        if (!Directory.Exists(dir)) return $"The TAP device '{tap}' does not exist. {Fix}";
        if (!File.Exists(Path.Combine(dir, "tun_flags"))) return $"'{tap}' exists but is not a TUN/TAP device. {Fix}";
        return null;
    }
}
