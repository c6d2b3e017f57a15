using System.Net;
using System.Net.Sockets;
using RedoxBuild.Engine;

namespace RedoxBuild.Model.Profiles;

/// <summary>Which virtual machine monitor runs the image: "cloud-hypervisor" or "qemu" in profiles and on the command line.</summary>
public enum VmRunner { CloudHypervisor, Qemu }

/// <summary>[vm]: how runners start the image (ours; upstream tools ignore the table).</summary>
public sealed record VmSettings(
    VmRunner Runner,
    int Cpus,
    ByteSize Memory,
    bool Hugepages,
    bool DirectIo,
    bool Tap,
    string TapInterface,
    bool ApiSocket,
    bool Graphics)
{
    /// <summary>Cloud Hypervisor's vCPU limit on x86_64; QEMU's q35 allows more, but a profile must run in both.</summary>
    public const int MaxCpus = 254;

    /// <summary>Below this Redox has no room for its initfs and daemons.</summary>
    public static ByteSize MinMemory => ByteSize.FromMiB(256);

    /// <summary>The Nix build's defaults: 4 vCPUs, 2048M, no huge pages, direct I/O on, Cloud Hypervisor.</summary>
    public static readonly VmSettings Default = new(VmRunner.CloudHypervisor, 4, ByteSize.FromMiB(2048), Hugepages: false, DirectIo: true, Tap: false, "tap0",
        ApiSocket: false, Graphics: false);
}

/// <summary>How the guest configures its network: DHCP with a static fallback (auto), DHCP only, static, or off.</summary>
public enum NetworkMode { Auto, Dhcp, Static, None }

/// <summary>[network] (ours): rendered into /etc/net by the image build.</summary>
public sealed record NetworkSettings(
    NetworkMode Mode,
    InterfaceAddress? Address,
    IPAddress? Gateway,
    IReadOnlyList<IPAddress> Dns,
    string Interface)
{
    public static readonly NetworkSettings Default = new(NetworkMode.Auto, null, null, [IPAddress.Parse("1.1.1.1"), IPAddress.Parse("8.8.8.8")], "eth0");
}

/// <summary>An IPv4 address with its prefix length, written "172.16.0.2/24".</summary>
public sealed record InterfaceAddress(IPAddress Address, int PrefixLength)
{
    public IPAddress Netmask
    {
        get
        {
            var mask = Mask;
            return new IPAddress(new[] { (byte)(mask >> 24), (byte)(mask >> 16), (byte)(mask >> 8), (byte)mask });
        }
    }

    private uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);

    public bool Contains(IPAddress other) =>
        other.AddressFamily == AddressFamily.InterNetwork && Masked(other) == Masked(Address);

    public static bool TryParse(string text, out InterfaceAddress? address)
    {
        address = null;
        var slash = text.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(text[..slash], out var ip) || ip.AddressFamily != AddressFamily.InterNetwork
            || text[..slash].Count(c => c == '.') != 3 || !int.TryParse(text[(slash + 1)..], out var prefix) || prefix is < 0 or > 32)
            return false;
        address = new InterfaceAddress(ip, prefix);
        return true;
    }

    public override string ToString() => $"{Address}/{PrefixLength}";

    private uint Masked(IPAddress ip)
    {
        var bytes = ip.GetAddressBytes();
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        return value & Mask;
    }
}

/// <summary>Storage drivers the image can start (nix-redox's PCI driver registry).</summary>
public enum StorageDriver { Ahcid, Nvmed, Ided, VirtioBlkd, VirtioFsd }

public enum NetworkDriver { E1000d, VirtioNetd, Rtl8168d }

public enum GraphicsDriver { VirtioGpud, Bgad }

public enum AudioDriver { Ihdad, Ac97d, Sb16d }

/// <summary>[hardware] (ours): the drivers the image's PCI configuration starts; graphics and audio only when enabled.</summary>
public sealed record HardwareSettings(
    IReadOnlyList<StorageDriver> Storage,
    IReadOnlyList<NetworkDriver> Network,
    bool GraphicsEnabled,
    IReadOnlyList<GraphicsDriver> Graphics,
    bool AudioEnabled,
    IReadOnlyList<AudioDriver> Audio,
    bool Usb)
{
    public static readonly HardwareSettings Default = new(
        [StorageDriver.Ahcid, StorageDriver.Nvmed, StorageDriver.VirtioBlkd],
        [NetworkDriver.E1000d, NetworkDriver.VirtioNetd],
        false, [GraphicsDriver.VirtioGpud, GraphicsDriver.Bgad],
        false, [AudioDriver.Ihdad],
        false);
}

/// <summary>[image] (ours): sizes the image build needs beyond upstream's [general] ones, in MiB.</summary>
public sealed record ImageSettings(int InitfsMaxSize)
{
    public static readonly ImageSettings Default = new(64);
}
