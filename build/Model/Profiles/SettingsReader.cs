using System.Net;
using System.Net.Sockets;
using RedoxBuild.Toml;

namespace RedoxBuild.Model.Profiles;

/// <summary>
/// Reads [general] and our typed tables from merged <see cref="SettingsTable"/>s. Each layer is read on its own too
/// (so a bad value in an include is reported even when overridden); checks that combine keys run once, on the merge.
/// </summary>
internal static class SettingsReader
{
    public static readonly string[] GeneralKeys = ["prompt", "filesystem_size", "efi_partition_size", "skip_partitions", "encrypt_disk", "live_disk", "write_bootloader", "no_mount", "cookbook"];
    public static readonly string[] VmKeys = ["runner", "cpus", "memory", "hugepages", "direct_io", "tap", "tap_interface", "api_socket", "graphics"];
    public static readonly string[] NetworkKeys = ["mode", "address", "gateway", "dns", "interface"];
    public static readonly string[] HardwareKeys = ["storage", "network", "graphics", "graphics_enable", "audio", "audio_enable", "usb"];
    public static readonly string[] ImageKeys = ["initfs_max_size"];

    // The installer refuses disks under 32 MiB; saying so at load beats a failure after every package was built.
    private const long MinFilesystemMiB = 32;

    public static GeneralConfig General(SettingsTable t) => new(
        t.Bool("prompt"),
        t.Integer("filesystem_size", MinFilesystemMiB, uint.MaxValue, "MiB"),
        t.Integer("efi_partition_size", 1, uint.MaxValue, "MiB"),
        t.Bool("skip_partitions"),
        t.String("encrypt_disk"),
        t.Bool("live_disk"),
        t.String("write_bootloader"),
        t.Bool("no_mount"),
        t.String("cookbook"));

    public static VmSettings Vm(SettingsTable t)
    {
        var d = VmSettings.Default;
        var memory = t.Size("memory") ?? d.Memory;
        if (memory < VmSettings.MinMemory || memory.Bytes % Engine.ByteSize.MiB != 0)
            throw new ModelException(t.PositionOf("memory"), $"'memory' in [vm] must be whole MiB and at least {VmSettings.MinMemory}, found {memory}");
        var tap = t.String("tap_interface") ?? d.TapInterface;
        if (!Net.InterfaceNames.IsValid(tap))
            throw new ModelException(t.PositionOf("tap_interface"), $"'tap_interface' in [vm] must be a network interface name of {Net.InterfaceNames.Rule}, found \"{tap}\"");
        return new VmSettings(
            t.Enum<VmRunner>("runner") ?? d.Runner,
            (int)(t.Integer("cpus", 1, VmSettings.MaxCpus) ?? d.Cpus),
            memory,
            t.Bool("hugepages") ?? d.Hugepages,
            t.Bool("direct_io") ?? d.DirectIo,
            t.Bool("tap") ?? d.Tap,
            tap,
            t.Bool("api_socket") ?? d.ApiSocket,
            t.Bool("graphics") ?? d.Graphics);
    }

    public static NetworkSettings Network(SettingsTable t)
    {
        var d = NetworkSettings.Default;
        InterfaceAddress? address = null;
        if (t.String("address") is { } text && !InterfaceAddress.TryParse(text, out address))
            throw new ModelException(t.PositionOf("address"), $"'address' in [network] must be an IPv4 address with a prefix length, e.g. \"172.16.0.2/24\"; found \"{text}\"");
        var gateway = t.String("gateway") is { } g ? Ipv4(g, t.PositionOf("gateway"), "gateway") : null;
        var dns = t.Strings("dns")?.Select(s => Ipv4(s.Value, s.Position, "dns")).ToArray() ?? d.Dns;
        var name = t.String("interface") ?? d.Interface;
        if (name.Length == 0 || name.Any(c => c is '/' || char.IsWhiteSpace(c)))
            throw new ModelException(t.PositionOf("interface"), $"'interface' in [network] must be a name without spaces or '/', found \"{name}\"");
        return new NetworkSettings(t.Enum<NetworkMode>("mode") ?? d.Mode, address, gateway, dns, name);
    }

    public static HardwareSettings Hardware(SettingsTable t)
    {
        var d = HardwareSettings.Default;
        return new HardwareSettings(
            t.EnumList<StorageDriver>("storage") ?? d.Storage,
            t.EnumList<NetworkDriver>("network") ?? d.Network,
            t.Bool("graphics_enable") ?? d.GraphicsEnabled,
            t.EnumList<GraphicsDriver>("graphics") ?? d.Graphics,
            t.Bool("audio_enable") ?? d.AudioEnabled,
            t.EnumList<AudioDriver>("audio") ?? d.Audio,
            t.Bool("usb") ?? d.Usb);
    }

    public static ImageSettings Image(SettingsTable t) =>
        new((int)(t.Integer("initfs_max_size", 1, 4096, "MiB") ?? ImageSettings.Default.InitfsMaxSize));

    /// <summary>Checks that need several keys, possibly from different layers; positions name the key that must change.</summary>
    public static void Validate(VmSettings vm, NetworkSettings network, HardwareSettings hardware, Func<string, string, TomlPosition?> positionOf)
    {
        if (vm.Graphics && vm.Runner == VmRunner.CloudHypervisor)
            throw new ModelException(positionOf("vm", "graphics"), "graphics = true in [vm] needs runner = \"qemu\": Cloud Hypervisor has no display Redox can drive");
        if (network.Mode == NetworkMode.Static)
        {
            var missing = new[] { network.Address is null ? "'address' (e.g. \"172.16.0.2/24\")" : null, network.Gateway is null ? "'gateway' (e.g. \"172.16.0.1\")" : null }.OfType<string>().ToList();
            if (missing.Count > 0)
                throw new ModelException(positionOf("network", "mode"), $"network mode \"static\" needs {string.Join(" and ", missing)} in [network]");
            if (!network.Address!.Contains(network.Gateway!))
                throw new ModelException(positionOf("network", "gateway"), $"gateway {network.Gateway} is outside {network.Address} (netmask {network.Address.Netmask}); the guest could not reach it");
        }
        if (network.Mode != NetworkMode.None && hardware.Network.Count == 0)
            throw new ModelException(positionOf("hardware", "network"), $"network mode \"{Engine.ValueConverter.DisplayName(network.Mode)}\" needs at least one driver in 'network' of [hardware] (or set mode = \"none\" in [network])");
        if (hardware.Storage.Count == 0)
            throw new ModelException(positionOf("hardware", "storage"), "'storage' in [hardware] needs at least one driver, or the system cannot find its root filesystem");
        if (hardware.GraphicsEnabled && hardware.Graphics.Count == 0)
            throw new ModelException(positionOf("hardware", "graphics"), "graphics_enable = true needs at least one driver in 'graphics' of [hardware]");
        if (hardware.AudioEnabled && hardware.Audio.Count == 0)
            throw new ModelException(positionOf("hardware", "audio"), "audio_enable = true needs at least one driver in 'audio' of [hardware]");
    }

    private static IPAddress Ipv4(string text, TomlPosition? position, string key) =>
        IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') == 3
            ? ip
            : throw new ModelException(position, $"'{key}' in [network] must be an IPv4 address such as \"172.16.0.1\", found \"{text}\"");
}
