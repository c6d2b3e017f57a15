namespace RedoxBuild.Image.Disk;

/// <summary>
/// One GPT partition entry. <paramref name="Number"/> is its 1-based slot in the entry array (what sgdisk calls the
/// partition number); LBAs are inclusive, in 512-byte sectors.
/// </summary>
public sealed record GptPartition(int Number, string Name, Guid TypeGuid, Guid UniqueGuid, long FirstLba, long LastLba)
{
    /// <summary>The 64-bit attribute field (bit 0 = required by the platform, 2 = legacy BIOS bootable).</summary>
    public ulong Attributes { get; init; }

    /// <summary>
    /// Alignment (in sectors) that validation enforces on the start and size; 1 means none. Not stored on disk: it
    /// records the intent of the layout so a hand-edited layout that breaks it fails loudly.
    /// </summary>
    public long AlignmentSectors { get; init; } = 1;

    public long SectorCount => LastLba - FirstLba + 1;
    public long OffsetBytes => FirstLba * GptLayout.SectorSize;
    public long SizeBytes => SectorCount * GptLayout.SectorSize;
}

/// <summary>
/// A whole GPT disk: size, disk GUID and partitions. The entry array always has 128 entries of 128 bytes (32 sectors),
/// so the first usable LBA is 34 and the last is <c>DiskSectors - 34</c>, as sgdisk and the UEFI spec default to.
/// </summary>
public sealed record GptLayout(long DiskSectors, Guid DiskGuid, IReadOnlyList<GptPartition> Partitions)
{
    public const int SectorSize = 512;
    public const int EntryCount = 128;
    public const int EntrySize = 128;
    public const int EntryArraySectors = EntryCount * EntrySize / SectorSize;
    public const int MaxNameLength = 36;

    /// <summary>Sectors at the end of the disk taken by the backup entry array and backup header (33).</summary>
    public const long BackupSectors = EntryArraySectors + 1;

    public long DiskSizeBytes => DiskSectors * SectorSize;
    public long FirstUsableLba => 2 + EntryArraySectors;
    public long LastUsableLba => DiskSectors - 2 - EntryArraySectors;
    public long BackupHeaderLba => DiskSectors - 1;
    public long BackupArrayLba => DiskSectors - 1 - EntryArraySectors;

    public GptPartition Partition(int number) =>
        Partitions.FirstOrDefault(p => p.Number == number)
        ?? throw new DiskLayoutException($"The layout has no partition {number}; it has {string.Join(", ", Partitions.Select(p => $"{p.Number} \"{p.Name}\""))}.");

    /// <summary>Checks everything a firmware or sgdisk would object to; throws <see cref="DiskLayoutException"/> naming the numbers.</summary>
    public GptLayout Validate()
    {
        var minimum = FirstUsableLba + 1 + BackupSectors;
        if (DiskSectors < minimum)
            throw new DiskLayoutException(
                $"The disk has {DiskSectors} sectors ({DiskSizeBytes} bytes); a GPT disk needs at least {minimum} sectors (MBR, two headers, two 128-entry arrays and one data sector).");
        if (DiskGuid == Guid.Empty) throw new DiskLayoutException("The disk GUID is all zeros; derive one from the image identity.");

        foreach (var p in Partitions) ValidatePartition(p);

        var sorted = Partitions.OrderBy(p => p.FirstLba).ToList();
        for (var i = 1; i < sorted.Count; i++)
            if (sorted[i].FirstLba <= sorted[i - 1].LastLba)
                throw new DiskLayoutException(
                    $"Partition {sorted[i].Number} \"{sorted[i].Name}\" (LBA {sorted[i].FirstLba}-{sorted[i].LastLba}) overlaps partition {sorted[i - 1].Number} \"{sorted[i - 1].Name}\" (LBA {sorted[i - 1].FirstLba}-{sorted[i - 1].LastLba}).");

        var numbers = Partitions.GroupBy(p => p.Number).FirstOrDefault(g => g.Count() > 1);
        if (numbers is not null) throw new DiskLayoutException($"Partition number {numbers.Key} is used {numbers.Count()} times.");
        var guids = Partitions.GroupBy(p => p.UniqueGuid).FirstOrDefault(g => g.Count() > 1);
        if (guids is not null)
            throw new DiskLayoutException($"Partitions {string.Join(" and ", guids.Select(p => p.Number))} share the unique GUID {guids.Key}; each needs its own.");
        return this;
    }

    private void ValidatePartition(GptPartition p)
    {
        var label = $"Partition {p.Number} \"{p.Name}\"";
        if (p.Number is < 1 or > EntryCount) throw new DiskLayoutException($"{label}: the number must be 1..{EntryCount}.");
        if (p.Name.Length > MaxNameLength)
            throw new DiskLayoutException($"{label}: the name is {p.Name.Length} UTF-16 code units; GPT names hold at most {MaxNameLength}.");
        if (p.TypeGuid == Guid.Empty) throw new DiskLayoutException($"{label}: the type GUID is all zeros, which marks an unused entry.");
        if (p.UniqueGuid == Guid.Empty) throw new DiskLayoutException($"{label}: the unique GUID is all zeros; derive one from the image identity.");
        if (p.LastLba < p.FirstLba) throw new DiskLayoutException($"{label}: it ends (LBA {p.LastLba}) before it starts (LBA {p.FirstLba}).");
        if (p.FirstLba < FirstUsableLba)
            throw new DiskLayoutException($"{label}: it starts at LBA {p.FirstLba}, inside the primary GPT; the first usable LBA is {FirstUsableLba}.");
        if (p.LastLba > LastUsableLba)
            throw new DiskLayoutException(
                $"{label}: it ends at LBA {p.LastLba} but the last usable LBA of this {DiskSectors}-sector disk is {LastUsableLba} (the backup GPT takes the last {BackupSectors}); make the disk bigger or the partition smaller.");
        if (p.AlignmentSectors < 1) throw new DiskLayoutException($"{label}: alignment must be at least 1 sector.");
        if (p.FirstLba % p.AlignmentSectors != 0 || p.SectorCount % p.AlignmentSectors != 0)
            throw new DiskLayoutException(
                $"{label}: start LBA {p.FirstLba} and size {p.SectorCount} sectors must both be multiples of {p.AlignmentSectors} sectors ({p.AlignmentSectors * SectorSize} bytes) as this layout requests.");
    }
}
