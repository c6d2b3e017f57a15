using RedoxBuild.Image.Disk;
using RedoxBuild.Image.RootTree;

namespace RedoxBuild.Image.Assembly;

/// <summary>The disk the preflight settled on: its size, the GPT layout, and whether the size was chosen automatically.</summary>
public sealed record DiskPlan(long DiskSizeBytes, GptLayout Layout, bool AutoSized)
{
    public GptPartition Redox => Layout.Partition(RedoxDiskLayout.RedoxPartition);
    public GptPartition Efi => Layout.Partition(RedoxDiskLayout.EfiPartition);
    public GptPartition Bios => Layout.Partition(RedoxDiskLayout.BiosPartition);
}

/// <summary>
/// Checks, before anything is written, that the root tree fits the REDOX partition the settings leave, and lays
/// out the disk. With general.filesystem_size unset the disk is sized from the tree (upstream's installer computes a
/// size too); set, a tree that does not fit fails with both numbers and the setting to raise.
/// </summary>
public static class ImagePreflight
{
    private const long MiB = 1024 * 1024;

    // The installer refuses anything smaller.
    private const long MinimumDiskMiB = 32;

    public static DiskPlan Plan(ImageSizes sizes, RootTreeStats root, ImageIdentity identity)
    {
        var needed = root.RedoxFsBytes;
        var autoSized = sizes.Filesystem.MiB is null;
        var diskMiB = sizes.Filesystem.MiB ?? SuggestedDiskMiB(needed, sizes.EfiMiB);
        GptLayout layout;
        try
        {
            layout = RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(diskMiB * MiB, identity) { EfiPartitionSizeMiB = sizes.EfiMiB });
        }
        catch (DiskLayoutException e)
        {
            throw new ImageException($"{e.Message} The sizes came from {sizes.Filesystem.Describe()} and {sizes.Efi.Describe()}; {sizes.Filesystem.HowToRaise(SuggestedDiskMiB(needed, sizes.EfiMiB))}.");
        }
        var available = layout.Partition(RedoxDiskLayout.RedoxPartition).SizeBytes;
        if (needed > available)
        {
            throw new ImageException(
                $"The root tree needs {Ceiling(needed)} MiB of RedoxFS ({root.Files} files, {root.Directories} directories, {root.Symlinks} links, {Ceiling(root.Bytes)} MiB of data, initfs included), " +
                $"but {sizes.Filesystem.Describe()} leaves {available / MiB} MiB for the REDOX partition after the 1 MiB BIOS boot and {sizes.EfiMiB} MiB EFI partitions; " +
                $"{sizes.Filesystem.HowToRaise(SuggestedDiskMiB(needed, sizes.EfiMiB))}.");
        }
        return new DiskPlan(diskMiB * MiB, layout, autoSized);
    }

    /// <summary>The smallest disk (MiB) whose REDOX partition holds <paramref name="redoxFsBytes"/>: the partition, 1 MiB BIOS boot, the ESP and 1 MiB for the backup GPT's rounding.</summary>
    public static long MinimumDiskMiBFor(long redoxFsBytes, int efiMiB) => Ceiling(redoxFsBytes) + efiMiB + 2;

    /// <summary>A size to suggest (and to use when unset): the minimum plus 10% room, rounded up to 4 MiB, at least 32 MiB.</summary>
    public static long SuggestedDiskMiB(long redoxFsBytes, int efiMiB)
    {
        var withRoom = (long)Math.Ceiling(MinimumDiskMiBFor(redoxFsBytes, efiMiB) * 1.1);
        return Math.Max(MinimumDiskMiB, (withRoom + 3) / 4 * 4);
    }

    private static long Ceiling(long bytes) => (bytes + MiB - 1) / MiB;
}
