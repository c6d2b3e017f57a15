using System.Buffers.Binary;
using System.Text;

namespace RedoxBuild.Image.Disk;

/// <summary>One GPT header as found on disk, with whether its CRCs hold.</summary>
public sealed record GptHeaderInfo(
    long MyLba, long AlternateLba, long FirstUsableLba, long LastUsableLba, Guid DiskGuid,
    long EntriesLba, int EntryCount, int EntrySize, bool HeaderCrcValid, bool EntriesCrcValid);

/// <summary>
/// What <see cref="GptReader"/> found: both headers, the partitions of the primary array (or the backup's when the
/// primary is unusable) and every inconsistency, worded like a verifier would. Empty <see cref="Problems"/> = valid.
/// </summary>
public sealed record GptDisk(long DiskSectors, GptHeaderInfo? Primary, GptHeaderInfo? Backup,
    IReadOnlyList<GptPartition> Partitions, IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;

    /// <summary>The layout to compare with the one written; only meaningful for a valid disk.</summary>
    public GptLayout ToLayout() => new(DiskSectors, (Primary ?? Backup)?.DiskGuid ?? Guid.Empty, Partitions);
}

/// <summary>Parses and verifies a GPT disk image: protective MBR, both headers, both entry arrays and their CRC32s.</summary>
public static class GptReader
{
    private const int Sector = GptLayout.SectorSize;

    public static GptDisk Read(string imagePath)
    {
        using var stream = new FileStream(imagePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Read(stream);
    }

    public static GptDisk Read(Stream disk)
    {
        if (disk.Length % Sector != 0 || disk.Length < 3 * Sector)
            throw new InvalidDataException($"The image is {disk.Length} bytes; a GPT disk is a whole number of {Sector}-byte sectors, at least 3.");
        var sectors = disk.Length / Sector;
        var problems = new List<string>();
        CheckProtectiveMbr(ReadAt(disk, 0, Sector), sectors, problems);

        var (primary, primaryEntries) = ReadHeader(disk, 1, "primary", problems);
        var backupLba = primary?.AlternateLba is { } alt && alt > 1 && alt < sectors ? alt : sectors - 1;
        var (backup, backupEntries) = ReadHeader(disk, backupLba, "backup", problems);

        if (primary is not null)
        {
            if (primary.AlternateLba != sectors - 1)
                problems.Add($"The primary header says the backup is at LBA {primary.AlternateLba}, but the disk's last LBA is {sectors - 1}.");
            if (primary.EntriesLba != 2) problems.Add($"The primary entry array starts at LBA {primary.EntriesLba}, not 2.");
        }
        if (backup is not null)
        {
            if (backup.MyLba != backupLba) problems.Add($"The backup header at LBA {backupLba} claims to be at LBA {backup.MyLba}.");
            if (backup.AlternateLba != 1) problems.Add($"The backup header points to LBA {backup.AlternateLba} for the primary, not 1.");
        }
        if (primary is not null && backup is not null)
        {
            if (primary.DiskGuid != backup.DiskGuid || primary.FirstUsableLba != backup.FirstUsableLba || primary.LastUsableLba != backup.LastUsableLba)
                problems.Add("The primary and backup headers disagree on the disk GUID or the usable LBA range.");
            if (!primaryEntries.AsSpan().SequenceEqual(backupEntries))
                problems.Add("The primary and backup partition entry arrays differ.");
        }

        var usable = primary ?? backup;
        var partitions = usable is null ? [] : ParseEntries(primary is not null ? primaryEntries : backupEntries, usable.EntrySize);
        if (usable is not null)
        {
            try { new GptLayout(sectors, usable.DiskGuid, partitions).Validate(); }
            catch (DiskLayoutException e) { problems.Add(e.Message); }
        }
        return new GptDisk(sectors, primary, backup, partitions, problems);
    }

    private static void CheckProtectiveMbr(byte[] mbr, long sectors, List<string> problems)
    {
        if (mbr[510] != 0x55 || mbr[511] != 0xAA) problems.Add("LBA 0 lacks the 55 AA boot signature of a protective MBR.");
        var entry = mbr.AsSpan(446, 16);
        var expectedSize = (uint)Math.Min(sectors - 1, uint.MaxValue);
        if (entry[4] != 0xEE || BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]) != 1 || BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]) != expectedSize)
            problems.Add($"The first MBR entry is not a protective 0xEE partition from LBA 1 with {expectedSize} sectors.");
    }

    private static (GptHeaderInfo? Header, byte[] Entries) ReadHeader(Stream disk, long lba, string which, List<string> problems)
    {
        var sector = ReadAt(disk, lba * Sector, Sector);
        if (!sector.AsSpan(0, 8).SequenceEqual("EFI PART"u8))
        {
            problems.Add($"No \"EFI PART\" signature in the {which} header at LBA {lba}.");
            return (null, []);
        }
        var headerSize = BinaryPrimitives.ReadInt32LittleEndian(sector.AsSpan(12));
        if (headerSize < 92 || headerSize > Sector)
        {
            problems.Add($"The {which} header size is {headerSize}; it must be 92..{Sector}.");
            return (null, []);
        }
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(16));
        var copy = sector.AsSpan(0, headerSize).ToArray();
        copy.AsSpan(16, 4).Clear();
        var headerCrcValid = Crc32.Compute(copy) == storedCrc;
        if (!headerCrcValid) problems.Add($"The {which} header CRC32 at LBA {lba} is wrong (stored {storedCrc:X8}, computed {Crc32.Compute(copy):X8}).");

        var count = BinaryPrimitives.ReadInt32LittleEndian(sector.AsSpan(80));
        var size = BinaryPrimitives.ReadInt32LittleEndian(sector.AsSpan(84));
        var entriesLba = BinaryPrimitives.ReadInt64LittleEndian(sector.AsSpan(72));
        if (count is < 1 or > 4096 || size < 128 || size % 128 != 0 || size > 1024
            || entriesLba < 0 || (entriesLba * Sector) + (long)count * size > disk.Length)
        {
            problems.Add($"The {which} header describes an impossible entry array ({count} entries of {size} bytes at LBA {entriesLba}).");
            return (null, []);
        }
        var entries = ReadAt(disk, entriesLba * Sector, count * size);
        var entriesCrcValid = Crc32.Compute(entries) == BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(88));
        if (!entriesCrcValid) problems.Add($"The {which} partition entry array CRC32 (array at LBA {entriesLba}) is wrong.");

        var header = new GptHeaderInfo(
            MyLba: BinaryPrimitives.ReadInt64LittleEndian(sector.AsSpan(24)),
            AlternateLba: BinaryPrimitives.ReadInt64LittleEndian(sector.AsSpan(32)),
            FirstUsableLba: BinaryPrimitives.ReadInt64LittleEndian(sector.AsSpan(40)),
            LastUsableLba: BinaryPrimitives.ReadInt64LittleEndian(sector.AsSpan(48)),
            DiskGuid: new Guid(sector.AsSpan(56, 16)),
            entriesLba, count, size, headerCrcValid, entriesCrcValid);
        return (header, entries);
    }

    private static List<GptPartition> ParseEntries(byte[] array, int entrySize)
    {
        var partitions = new List<GptPartition>();
        for (var i = 0; i < array.Length / entrySize; i++)
        {
            var e = array.AsSpan(i * entrySize, GptLayout.EntrySize);
            var type = new Guid(e[..16]);
            if (type == Guid.Empty) continue;
            var name = Encoding.Unicode.GetString(e[56..128]);
            var end = name.IndexOf('\0');
            partitions.Add(new GptPartition(i + 1, end < 0 ? name : name[..end], type, new Guid(e[16..32]),
                BinaryPrimitives.ReadInt64LittleEndian(e[32..]), BinaryPrimitives.ReadInt64LittleEndian(e[40..]))
            { Attributes = BinaryPrimitives.ReadUInt64LittleEndian(e[48..]) });
        }
        return partitions;
    }

    private static byte[] ReadAt(Stream disk, long offset, int count)
    {
        var buffer = new byte[count];
        disk.Position = offset;
        disk.ReadExactly(buffer);
        return buffer;
    }
}
