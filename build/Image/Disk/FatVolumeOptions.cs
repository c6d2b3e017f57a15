namespace RedoxBuild.Image.Disk;

/// <summary>
/// How to format a FAT volume. <paramref name="SizeBytes"/> is the whole volume (the partition size);
/// <paramref name="Identity"/> supplies the volume serial number and the timestamps (SOURCE_DATE_EPOCH).
/// </summary>
public sealed record FatVolumeOptions(long SizeBytes, ImageIdentity Identity)
{
    /// <summary>Up to 11 characters of an upper-case 8.3 name; empty means none ("NO NAME" in the boot sector).</summary>
    public string Label { get; init; } = "EFI";

    /// <summary>Null chooses by size: FAT32 from about 33 MiB, FAT16 or FAT12 below (the FAT spec's cluster-count rule).</summary>
    public FatType? Type { get; init; }

    /// <summary>Sectors before the volume on its disk (the partition's first LBA); the BPB records it.</summary>
    public uint HiddenSectors { get; init; }

    /// <summary>Fixed root directory size of FAT12/FAT16 (mkfs.fat's default: 512); FAT32 roots grow like other directories.</summary>
    public int RootDirectoryEntries { get; init; } = 512;

    /// <summary>The user-facing setting that sets <see cref="SizeBytes"/>, named in "does not fit" errors.</summary>
    public string SizeSetting { get; init; } = "efi_partition_size";

    /// <summary>Options for a volume filling <paramref name="partition"/>.</summary>
    public static FatVolumeOptions ForPartition(GptPartition partition, ImageIdentity identity) =>
        new(partition.SizeBytes, identity) { HiddenSectors = checked((uint)partition.FirstLba) };
}
