namespace RedoxBuild.Image.Disk;

/// <summary>What goes into one partition of the image.</summary>
public abstract record PartitionContent(int PartitionNumber);

/// <summary>A FAT volume (the ESP) planned with <see cref="FatVolume.Create"/>; it must not be larger than the partition.</summary>
public sealed record FatPartitionContent(int PartitionNumber, FatVolume Volume) : PartitionContent(PartitionNumber);

/// <summary>
/// Raw bytes copied to the start of the partition (a RedoxFS image, a BIOS loader). <paramref name="Open"/> is
/// called once, when the image is written; <paramref name="Description"/> names the source in errors.
/// </summary>
public sealed record RawPartitionContent(int PartitionNumber, Func<Stream> Open, string Description) : PartitionContent(PartitionNumber)
{
    public static RawPartitionContent FromFile(int partitionNumber, string path) =>
        new(partitionNumber, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), path);
}

/// <summary>
/// A disk image to write: the GPT layout, the partition contents, and optionally up to 440 bytes of BIOS boot code
/// for the protective MBR (upstream puts bootloader.bios stage 1 there).
/// </summary>
public sealed record DiskImageRequest(string OutputPath, GptLayout Layout)
{
    public IReadOnlyList<PartitionContent> Contents { get; init; } = [];
    public ReadOnlyMemory<byte> MbrBootCode { get; init; }

    /// <summary>fsync before the rename, so a crash never leaves a complete-looking but unwritten image.</summary>
    public bool FlushToDisk { get; init; } = true;
}

/// <summary>Where a partition ended up and what it holds: the facts an image manifest records.</summary>
public sealed record PartitionPlacement(
    int Number, string Name, Guid TypeGuid, Guid UniqueGuid, long FirstLba, long LastLba, long OffsetBytes, long SizeBytes,
    string Content, long ContentBytes, uint? FatVolumeId);

/// <summary>The written image: path, size, disk GUID and every partition (JSON-friendly for a manifest).</summary>
public sealed record DiskImageLayout(string Path, long DiskSizeBytes, int SectorSize, Guid DiskGuid, IReadOnlyList<PartitionPlacement> Partitions);
