using System.Buffers.Binary;
using System.Text;

namespace RedoxBuild.Image.Disk;

/// <summary>
/// Serialises a <see cref="GptLayout"/>: protective MBR at LBA 0, primary header at LBA 1, entry array at LBA 2-33,
/// backup array at the end followed by the backup header in the last sector (UEFI 2.10 section 5.3).
/// </summary>
public static class GptWriter
{
    public const int PrimaryRegionSectors = 2 + GptLayout.EntryArraySectors;
    public const int BackupRegionSectors = GptLayout.EntryArraySectors + 1;
    public const int MbrBootCodeSize = 440;
    private const int HeaderSize = 92;

    /// <summary>
    /// LBA 0-33: protective MBR (optionally with up to 440 bytes of BIOS boot code, as upstream puts bootloader.bios
    /// stage 1 there), primary header, primary entry array.
    /// </summary>
    public static byte[] BuildPrimaryRegion(GptLayout layout, ReadOnlySpan<byte> mbrBootCode = default)
    {
        layout.Validate();
        if (mbrBootCode.Length > MbrBootCodeSize)
            throw new DiskLayoutException($"The MBR boot code is {mbrBootCode.Length} bytes; only {MbrBootCodeSize} fit before the MBR partition table.");
        var region = new byte[PrimaryRegionSectors * GptLayout.SectorSize];
        mbrBootCode.CopyTo(region);
        WriteProtectiveMbr(region.AsSpan(0, GptLayout.SectorSize), layout.DiskSectors);
        var entries = region.AsSpan(2 * GptLayout.SectorSize);
        WriteEntries(entries, layout);
        WriteHeader(region.AsSpan(GptLayout.SectorSize, GptLayout.SectorSize), layout, myLba: 1, alternateLba: layout.BackupHeaderLba,
            entriesLba: 2, Crc32.Compute(entries));
        return region;
    }

    /// <summary>The last 33 sectors: backup entry array, then the backup header. Starts at <see cref="GptLayout.BackupArrayLba"/>.</summary>
    public static byte[] BuildBackupRegion(GptLayout layout)
    {
        layout.Validate();
        var region = new byte[BackupRegionSectors * GptLayout.SectorSize];
        var entries = region.AsSpan(0, GptLayout.EntryArraySectors * GptLayout.SectorSize);
        WriteEntries(entries, layout);
        WriteHeader(region.AsSpan(entries.Length, GptLayout.SectorSize), layout, myLba: layout.BackupHeaderLba, alternateLba: 1,
            entriesLba: layout.BackupArrayLba, Crc32.Compute(entries));
        return region;
    }

    /// <summary>Writes both regions into a disk image stream whose length is already the disk size.</summary>
    public static void WriteTo(Stream disk, GptLayout layout, ReadOnlySpan<byte> mbrBootCode = default)
    {
        disk.Position = 0;
        disk.Write(BuildPrimaryRegion(layout, mbrBootCode));
        disk.Position = layout.BackupArrayLba * GptLayout.SectorSize;
        disk.Write(BuildBackupRegion(layout));
    }

    private static void WriteProtectiveMbr(Span<byte> mbr, long diskSectors)
    {
        // One partition of type 0xEE from LBA 1 to the end of the disk, capped at what 32 bits can say (UEFI 5.2.3).
        var entry = mbr.Slice(446, 16);
        entry[0] = 0x00;                                   // not bootable: firmware must not treat it as legacy MBR
        entry[1] = 0x00; entry[2] = 0x02; entry[3] = 0x00; // CHS of LBA 1
        entry[4] = 0xEE;
        entry[5] = 0xFF; entry[6] = 0xFF; entry[7] = 0xFF; // CHS "beyond 8 GiB" marker
        BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], (uint)Math.Min(diskSectors - 1, uint.MaxValue));
        mbr[510] = 0x55; mbr[511] = 0xAA;
    }

    private static void WriteEntries(Span<byte> array, GptLayout layout)
    {
        foreach (var p in layout.Partitions)
        {
            var e = array.Slice((p.Number - 1) * GptLayout.EntrySize, GptLayout.EntrySize);
            p.TypeGuid.TryWriteBytes(e[0..16]);   // mixed-endian, exactly the on-disk EFI_GUID layout
            p.UniqueGuid.TryWriteBytes(e[16..32]);
            BinaryPrimitives.WriteInt64LittleEndian(e[32..], p.FirstLba);
            BinaryPrimitives.WriteInt64LittleEndian(e[40..], p.LastLba);
            BinaryPrimitives.WriteUInt64LittleEndian(e[48..], p.Attributes);
            Encoding.Unicode.GetBytes(p.Name, e[56..128]);
        }
    }

    private static void WriteHeader(Span<byte> sector, GptLayout layout, long myLba, long alternateLba, long entriesLba, uint entriesCrc)
    {
        "EFI PART"u8.CopyTo(sector);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[8..], 0x00010000);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[12..], HeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(sector[24..], myLba);
        BinaryPrimitives.WriteInt64LittleEndian(sector[32..], alternateLba);
        BinaryPrimitives.WriteInt64LittleEndian(sector[40..], layout.FirstUsableLba);
        BinaryPrimitives.WriteInt64LittleEndian(sector[48..], layout.LastUsableLba);
        layout.DiskGuid.TryWriteBytes(sector[56..72]);
        BinaryPrimitives.WriteInt64LittleEndian(sector[72..], entriesLba);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[80..], GptLayout.EntryCount);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[84..], GptLayout.EntrySize);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[88..], entriesCrc);
        // The header CRC covers the 92 header bytes with its own field zeroed, which it still is here.
        BinaryPrimitives.WriteUInt32LittleEndian(sector[16..], Crc32.Compute(sector[..HeaderSize]));
    }
}
