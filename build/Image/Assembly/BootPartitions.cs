using RedoxBuild.Image.Disk;

namespace RedoxBuild.Image.Assembly;

/// <summary>The BIOS loader split the way the installer lays it down: stage 1 in the MBR, the rest from LBA 34.</summary>
public sealed record BiosLoader(ReadOnlyMemory<byte> MbrBootCode, RawPartitionContent? Partition, long Bytes);

/// <summary>
/// The boot partitions. The ESP is a FAT volume holding only EFI/BOOT/BOOTX64.EFI (or the architecture's name), as
/// upstream's installer writes it: the Redox UEFI loader reads the kernel and initfs from the RedoxFS partition
/// (usr/lib/boot/kernel and usr/lib/boot/initfs), so unlike nix-redox's ESP nothing else is copied there.
/// </summary>
public static class BootPartitions
{
    // The installer writes bootloader.bios from byte 0 and then the GPT over LBA 1-33: stage 1 survives in the
    // MBR's 440 code bytes, everything from LBA 34 on lands in the BIOS boot partition.
    private const int GptEnd = 34 * GptLayout.SectorSize;

    public static FatVolume Esp(BootloaderFiles boot, DiskPlan disk, ImageSizes sizes, ImageIdentity identity)
    {
        if (!File.Exists(boot.Efi))
            throw new ImageException($"The bootloader package has no UEFI loader at {boot.Efi}; cook the bootloader recipe for a UEFI target (its stage must hold usr/lib/boot/{Path.GetFileName(boot.Efi)}).");
        var tree = new FatTreeBuilder().AddHostFile($"EFI/BOOT/{boot.EfiName}", boot.Efi).Build();
        var options = FatVolumeOptions.ForPartition(disk.Efi, identity) with
        {
            SizeSetting = sizes.Efi.FromParameter ? sizes.Efi.Parameter ?? sizes.Efi.Key : $"{sizes.Efi.Key} (in {sizes.Efi.File}) or {sizes.Efi.Parameter}",
        };
        try
        {
            return FatVolume.Create(options, tree);
        }
        catch (DiskLayoutException e)
        {
            throw new ImageException($"The {sizes.EfiMiB} MiB EFI system partition ({sizes.Efi.Describe()}) cannot hold EFI/BOOT/{boot.EfiName} ({new FileInfo(boot.Efi).Length} bytes): {e.Message}");
        }
    }

    public static BiosLoader? Bios(string? biosPath, DiskPlan disk)
    {
        if (biosPath is null) return null;
        var bytes = File.ReadAllBytes(biosPath);
        var partitionBytes = Math.Max(0, bytes.Length - GptEnd);
        if (partitionBytes > disk.Bios.SizeBytes)
            throw new ImageException($"{biosPath} is {bytes.Length} bytes; everything after its first {GptEnd} must fit the {disk.Bios.SizeBytes}-byte BIOS boot partition (the first MiB of the disk).");
        var code = bytes.AsMemory(0, Math.Min(bytes.Length, 440));
        var rest = partitionBytes == 0 ? null
            : new RawPartitionContent(RedoxDiskLayout.BiosPartition, () => new MemoryStream(bytes, GptEnd, partitionBytes, writable: false), $"{biosPath} (from byte {GptEnd})");
        return new BiosLoader(code, rest, bytes.Length);
    }
}
