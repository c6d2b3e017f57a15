using System.Text.Json;

namespace RedoxBuild.Runners.Network;

/// <summary>A link as `ip -json address show dev X` reports it.</summary>
public sealed record LinkStatus(bool IsUp, IReadOnlyList<string> Addresses)
{
    public bool Has(Ipv4Interface address) => Addresses.Contains(address.ToString());

    /// <summary>Reads ip's JSON; null when the output holds no link (the device does not exist).</summary>
    public static LinkStatus? Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        using var document = JsonDocument.Parse(json);
        var link = document.RootElement.EnumerateArray().FirstOrDefault();
        if (link.ValueKind != JsonValueKind.Object) return null;
        // The admin state is the UP flag; operstate stays DOWN (NO-CARRIER) until a VMM opens the TAP.
        var up = link.TryGetProperty("flags", out var flags) && flags.EnumerateArray().Any(f => f.GetString() == "UP");
        var addresses = link.TryGetProperty("addr_info", out var info)
            ? info.EnumerateArray()
                .Where(a => a.GetProperty("family").GetString() == "inet")
                .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}")
                .ToList()
            : [];
        return new LinkStatus(up, addresses);
    }

    /// <summary>Whether `ip -details -json link show` describes a TAP created with multi_queue (several queue pairs).</summary>
    public static bool IsMultiQueueTap(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) return false;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Any(link =>
            link.TryGetProperty("linkinfo", out var info) && info.TryGetProperty("info_data", out var data) &&
            data.TryGetProperty("multi_queue", out var multi) && multi.ValueKind == JsonValueKind.True);
    }

    /// <summary>The "dev" of the first route in `ip -json route show default`, or null without a default route.</summary>
    public static string? DefaultRouteInterface(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(r => r.TryGetProperty("dev", out var dev) ? dev.GetString() : null)
            .FirstOrDefault(d => !string.IsNullOrEmpty(d));
    }
}

/// <summary>Whether a recorded dnsmasq still runs, judged from /proc so a reused pid is never mistaken for it.</summary>
public static class DhcpProcess
{
    /// <summary>True while the pid is a live (not zombie) dnsmasq started with this server's pid file.</summary>
    public static bool IsRunning(DhcpServer server, string proc = "/proc")
    {
        var directory = Path.Combine(proc, server.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var stat = File.ReadAllText(Path.Combine(directory, "stat"));
            // "pid (comm) S ...": the state letter follows the last ')'; Z and X are dead processes awaiting a reaper.
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            if (state is 'Z' or 'X') return false;
            var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
            return Path.GetFileName(arguments[0]) == "dnsmasq" && arguments.Contains($"--pid-file={server.PidFile}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
