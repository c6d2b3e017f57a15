namespace RedoxBuild.Image.Disk;

/// <summary>
/// Options of upstream's installer layout. <paramref name="DiskSizeBytes"/> is the whole image (upstream's
/// filesystem_size in MiB, times 1 MiB); <see cref="EfiPartitionSizeMiB"/> mirrors general.efi_partition_size.
/// </summary>
public sealed record RedoxDiskLayoutOptions(long DiskSizeBytes, ImageIdentity Identity)
{
    /// <summary>Upstream's default is 1 MiB (FAT12); 33 MiB or more gives a FAT32 ESP; nix-redox used 200.</summary>
    public int EfiPartitionSizeMiB { get; init; } = 1;
}

/// <summary>
/// The GPT layout of upstream's redox_installer: 1 "BIOS" (BIOS boot, LBA 34-2047), 2 "EFI" (EFI System, from 1 MiB,
/// efi_partition_size MiB), 3 "REDOX" (Linux filesystem type, from the end of the ESP to the disk end minus the
/// 34-sector backup area, rounded down to whole MiB). GUIDs are derived from the identity instead of random.
/// </summary>
public static class RedoxDiskLayout
{
    public const int BiosPartition = 1;
    public const int EfiPartition = 2;
    public const int RedoxPartition = 3;

    private const long MiB = 1024 * 1024;
    private const long SectorsPerMiB = MiB / GptLayout.SectorSize;

    public static GptLayout Create(RedoxDiskLayoutOptions options)
    {
        var (size, id) = (options.DiskSizeBytes, options.Identity);
        if (options.EfiPartitionSizeMiB < 1)
            throw new DiskLayoutException($"efi_partition_size is {options.EfiPartitionSizeMiB} MiB; it must be at least 1 MiB.");
        if (size % GptLayout.SectorSize != 0)
            throw new DiskLayoutException($"The disk size {size} bytes is not a multiple of the {GptLayout.SectorSize}-byte sector; use whole MiB.");

        var efiFirst = SectorsPerMiB;
        var efiLast = efiFirst + options.EfiPartitionSizeMiB * SectorsPerMiB - 1;
        var redoxFirst = efiLast + 1;
        // Same arithmetic as upstream: ((disk - 34 sectors) / MiB) * MiB / sector - 1.
        var redoxLast = (size - 34 * GptLayout.SectorSize) / MiB * SectorsPerMiB - 1;
        if (redoxLast < redoxFirst)
        {
            var neededMiB = options.EfiPartitionSizeMiB + 3;
            throw new DiskLayoutException(
                $"The disk of {size} bytes ({size / (double)MiB:0.##} MiB) is too small: 1 MiB BIOS boot + {options.EfiPartitionSizeMiB} MiB EFI (efi_partition_size) + at least 1 MiB REDOX + the 17408-byte backup GPT, rounded to whole MiB, need {neededMiB} MiB ({neededMiB * MiB} bytes). Raise the disk size (filesystem_size) to at least {neededMiB} MiB or lower efi_partition_size.");
        }

        GptPartition[] partitions =
        [
            new(BiosPartition, "BIOS", GptPartitionTypes.BiosBoot, id.DeriveGuid("gpt/partition/1/BIOS"), 34, SectorsPerMiB - 1),
            new(EfiPartition, "EFI", GptPartitionTypes.EfiSystem, id.DeriveGuid("gpt/partition/2/EFI"), efiFirst, efiLast)
                { AlignmentSectors = SectorsPerMiB },
            new(RedoxPartition, "REDOX", GptPartitionTypes.LinuxFilesystem, id.DeriveGuid("gpt/partition/3/REDOX"), redoxFirst, redoxLast)
                { AlignmentSectors = SectorsPerMiB },
        ];
        return new GptLayout(size / GptLayout.SectorSize, id.DeriveGuid("gpt/disk"), partitions).Validate();
    }
}
