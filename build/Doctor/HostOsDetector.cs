namespace RedoxBuild.Doctor;

/// <summary>Which install hints apply here: /etc/os-release ID and ID_LIKE on Linux, macOS by platform.</summary>
public static class HostOsDetector
{
    public static HostOs Detect(string osReleasePath = "/etc/os-release")
    {
        if (OperatingSystem.IsMacOS()) return HostOs.MacOs;
        if (!File.Exists(osReleasePath)) return HostOs.Other;
        var fields = File.ReadAllLines(osReleasePath)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim('"'), StringComparer.Ordinal);
        var ids = $"{fields.GetValueOrDefault("ID")} {fields.GetValueOrDefault("ID_LIKE")}".Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Any(i => i is "debian" or "ubuntu")) return HostOs.Debian;
        if (ids.Any(i => i is "fedora" or "rhel" or "centos")) return HostOs.Fedora;
        if (ids.Any(i => i is "arch" or "manjaro" or "endeavouros")) return HostOs.Arch;
        return HostOs.Other;
    }
}
