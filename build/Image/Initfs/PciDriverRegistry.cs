using System.Collections.Frozen;
using RedoxBuild.Engine;
using RedoxBuild.Model.Profiles;

namespace RedoxBuild.Image.Initfs;

/// <summary>One way pcid recognises a device: by vendor and device ID, or by PCI class and subclass.</summary>
public sealed record PciMatch(ushort? Vendor = null, ushort? Device = null, byte? Class = null, byte? Subclass = null);

/// <summary>
/// A driver pcid-spawner can start: its program (also the [hardware] name), what it drives, and the devices it
/// matches. <see cref="Companions"/> are programs the driver itself starts (xhcid spawns the USB hub and HID drivers)
/// that must sit beside it; a driver without <see cref="Matches"/> is not a PCI device (sb16d drives an ISA card).
/// </summary>
public sealed record PciDriver(string Program, string Description, IReadOnlyList<PciMatch> Matches, IReadOnlyList<string> Companions);

/// <summary>
/// The PCI drivers [hardware] can select, with the IDs pcid matches them by (nix-redox's build/pcid.nix registry:
/// virtio 0x1AF4, Intel 0x8086, Bochs 0x1234, Realtek 0x10EC; storage controllers and xHCI by class).
/// </summary>
public static class PciDriverRegistry
{
    private const ushort Virtio = 0x1AF4;
    private const ushort Intel = 0x8086;

    public static readonly FrozenDictionary<string, PciDriver> Drivers = new PciDriver[]
    {
        new("ahcid", "AHCI SATA controller", [new(Class: 0x01, Subclass: 0x06)], []),
        new("nvmed", "NVMe controller", [new(Class: 0x01, Subclass: 0x08)], []),
        new("ided", "IDE controller", [new(Class: 0x01, Subclass: 0x01)], []),
        new("virtio-blkd", "virtio block device", [new(Virtio, 0x1001), new(Virtio, 0x1042)], []),
        new("virtio-fsd", "virtio file system", [new(Virtio, 0x105A)], []),
        new("e1000d", "Intel e1000 NIC", [new(Intel, 0x100E)], []),
        new("virtio-netd", "virtio network device", [new(Virtio, 0x1000), new(Virtio, 0x1041)], []),
        new("rtl8168d", "Realtek RTL8168/RTL8101 NIC", [new(0x10EC, 0x8168), new(0x10EC, 0x8136)], []),
        new("virtio-gpud", "virtio GPU", [new(Virtio, 0x1050)], []),
        new("bgad", "Bochs/QEMU standard VGA", [new(0x1234, 0x1111)], []),
        new("ihdad", "Intel HD Audio", [new(Intel, 0x2668), new(Intel, 0x293E)], []),
        new("ac97d", "Intel AC'97 audio", [new(Intel, 0x2415)], []),
        new("sb16d", "Sound Blaster 16 (ISA, not on PCI)", [], []),
        new("xhcid", "USB 3 xHCI controller", [new(Class: 0x0C, Subclass: 0x03)], ["usbhubd", "usbhidd"]),
    }.ToFrozenDictionary(d => d.Program, StringComparer.Ordinal);

    /// <summary>The drivers [hardware] selects, in its order: storage, network, graphics and audio when enabled, xHCI with usb.</summary>
    public static IReadOnlyList<PciDriver> Selected(HardwareSettings hardware)
    {
        var names = hardware.Storage.Select(d => Name(d))
            .Concat(hardware.Network.Select(d => Name(d)))
            .Concat(hardware.GraphicsEnabled ? hardware.Graphics.Select(d => Name(d)) : [])
            .Concat(hardware.AudioEnabled ? hardware.Audio.Select(d => Name(d)) : [])
            .Concat(hardware.Usb ? ["xhcid"] : []);
        return names.Distinct().Select(n => Drivers.TryGetValue(n, out var driver) ? driver
            : throw new ImageException($"[hardware] names driver \"{n}\", which the PCI driver registry does not know; known: {string.Join(", ", Drivers.Keys.Order())}")).ToList();
    }

    private static string Name(Enum driver) => ValueConverter.DisplayName(driver);
}
