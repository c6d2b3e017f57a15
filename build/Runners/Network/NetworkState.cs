using System.Text.Json;
using System.Text.Json.Serialization;
using RedoxBuild.Engine;

namespace RedoxBuild.Runners.Network;

/// <summary>One iptables rule as NetworkSetup added it: table, chain and the match/target words after the chain.</summary>
public sealed record FirewallRule(string Table, string Chain, IReadOnlyList<string> Spec)
{
    public bool Matches(FirewallRule other) => Table == other.Table && Chain == other.Chain && Spec.SequenceEqual(other.Spec);
}

/// <summary>The dnsmasq NetworkSetup started (daemonized), and the files it owns.</summary>
public sealed record DhcpServer(int Pid, string PidFile, string LeaseFile, string LogFile);

/// <summary>
/// Everything NetworkSetup added in one place (the host or a network namespace), so NetworkTeardown removes exactly
/// that: a TAP or address that existed before, a rule someone else made, or an ip_forward that was already on, are
/// never recorded and so never undone.
/// </summary>
public sealed record NetworkState(string? Netns, string Tap, string HostAddress)
{
    /// <summary>The TAP did not exist and NetworkSetup created it (deleting it removes its address too).</summary>
    public bool CreatedTap { get; init; }

    /// <summary>The address was added to a TAP that existed before.</summary>
    public bool AddedAddress { get; init; }

    /// <summary>The TAP was down and NetworkSetup brought it up.</summary>
    public bool BroughtUp { get; init; }

    /// <summary>net.ipv4.ip_forward before NetworkSetup turned it on; null when it was already on.</summary>
    public string? IpForwardBefore { get; init; }

    public IReadOnlyList<FirewallRule> Rules { get; init; } = [];

    public DhcpServer? Dhcp { get; init; }

    [JsonIgnore]
    public bool IsEmpty => !CreatedTap && !AddedAddress && !BroughtUp && IpForwardBefore is null && Rules.Count == 0 && Dhcp is null;
}

/// <summary>The state file of one place: .nuke/temp/network/host/state.json or .nuke/temp/network/netns-NAME/state.json.</summary>
public sealed class NetworkStateStore(AbsolutePath temporaryDirectory, string? netns)
{
    private static readonly JsonSerializerOptions Json = CreateOptions();

    /// <summary>The folder for this place's state and dnsmasq files.</summary>
    public AbsolutePath Directory => temporaryDirectory / "network" / (netns is null ? "host" : $"netns-{netns}");

    public AbsolutePath File => Directory / "state.json";

    public NetworkState? Load()
    {
        if (!File.FileExists()) return null;
        try
        {
            return JsonSerializer.Deserialize<NetworkState>(System.IO.File.ReadAllText(File), Json);
        }
        catch (JsonException e)
        {
            throw new BuildFailure($"{File} is not a state file NetworkSetup wrote ({e.Message}). Undo the setup by hand and delete the file.");
        }
    }

    /// <summary>Written after every step, so an interrupted setup can still be torn down.</summary>
    public void Save(NetworkState state)
    {
        Directory.CreateDirectory();
        var temporary = File + ".tmp";
        System.IO.File.WriteAllText(temporary, JsonSerializer.Serialize(state, Json) + "\n");
        System.IO.File.Move(temporary, File, overwrite: true);
    }

    /// <summary>Deletes the state file and, when nothing else is left, its folder.</summary>
    public void Delete()
    {
        System.IO.File.Delete(File);
        if (Directory.DirectoryExists() && !System.IO.Directory.EnumerateFileSystemEntries(Directory).Any())
            System.IO.Directory.Delete(Directory);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
