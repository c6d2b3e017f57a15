using System.Buffers.Binary;
using System.Text;

namespace RedoxBuild.Image.Disk;

public sealed partial class FatVolume
{
    private const int Sector = FatGeometry.BytesPerSector;
    private const int CopyChunk = 1024 * 1024;

    /// <summary>The volume as one array (tests, small ESPs).</summary>
    public byte[] ToArray()
    {
        var image = new byte[SizeBytes];
        using var stream = new MemoryStream(image, writable: true);
        Write(new StreamSink(stream), 0, null);
        return image;
    }

    /// <summary>
    /// Writes the volume at <paramref name="offset"/> of a seekable stream. Only metadata and file data are written;
    /// free space is left alone, so the region must read as zeros (a fresh file or one extended with SetLength).
    /// </summary>
    public void WriteTo(Stream target, long offset = 0)
    {
        if (target.Length < offset + SizeBytes) target.SetLength(offset + SizeBytes);
        Write(new StreamSink(target), offset, null);
    }

    /// <summary>Writes everything; <paramref name="progress"/> receives the bytes handled by each step.</summary>
    internal void Write(IBlockSink sink, long offset, Action<long>? progress)
    {
        var g = Geometry;
        var stamp = DosTimestamp.From(Options.Identity.Timestamp);
        var boot = BootSector();
        sink.Write(offset, boot);
        if (g.Type == FatType.Fat32)
        {
            var info = FsInfoSector();
            sink.Write(offset + Sector, info);
            // Backup boot sector at 6 (and its FSInfo at 7), as the BPB's BkBootSec says and fsck.fat compares.
            sink.Write(offset + 6 * Sector, boot);
            sink.Write(offset + 7 * Sector, info);
        }
        var fat = FatTable();
        for (var i = 0; i < FatGeometry.FatCount; i++)
            sink.Write(offset + (g.ReservedSectors + i * g.SectorsPerFat) * Sector, fat);
        progress?.Invoke(boot.Length + fat.Length * FatGeometry.FatCount);

        foreach (var dir in _directories)
        {
            var bytes = DirectoryBytes(dir, stamp);
            var at = dir.Parent is null && g.Type != FatType.Fat32 ? g.RootDirectorySector * Sector : g.ClusterOffset(dir.FirstCluster);
            sink.Write(offset + at, bytes);
            progress?.Invoke(bytes.Length);
        }
        foreach (var file in _files.Where(f => f.Clusters > 0))
            CopyContent(sink, offset + g.ClusterOffset(file.FirstCluster), (FatFile)file.Node, progress);
    }

    private byte[] BootSector()
    {
        var g = Geometry;
        var b = new byte[Sector];
        var fat32 = g.Type == FatType.Fat32;
        // A short jump over the BPB: firmware FAT drivers (OVMF's among them) check for EB xx 90 before trusting the BPB.
        b[0] = 0xEB; b[1] = (byte)(fat32 ? 0x58 : 0x3C); b[2] = 0x90;
        "MSWIN4.1"u8.CopyTo(b.AsSpan(3)); // the OEM name the FAT spec recommends for compatibility
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(11), Sector);
        b[13] = (byte)g.SectorsPerCluster;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(14), (ushort)g.ReservedSectors);
        b[16] = FatGeometry.FatCount;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(17), (ushort)g.RootEntryCount);
        var small = !fat32 && g.TotalSectors < 0x10000;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(19), (ushort)(small ? g.TotalSectors : 0));
        b[21] = 0xF8; // fixed disk
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(22), (ushort)(fat32 ? 0 : g.SectorsPerFat));
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(24), 63);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(26), 255);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(28), Options.HiddenSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(32), (uint)(small ? 0 : g.TotalSectors));
        var ext = 36;
        if (fat32)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(36), (uint)g.SectorsPerFat);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(44), 2);  // root directory cluster
            BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(48), 1);  // FSInfo sector
            BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(50), 6);  // backup boot sector
            ext = 64;
        }
        b[ext] = 0x80;       // drive number: first hard disk
        b[ext + 2] = 0x29;   // extended boot signature: serial, label and type follow
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(ext + 3), VolumeId);
        Encoding.ASCII.GetBytes((Options.Label.Length == 0 ? "NO NAME" : Options.Label).PadRight(11), b.AsSpan(ext + 7, 11));
        Encoding.ASCII.GetBytes($"FAT{(int)g.Type}".PadRight(8), b.AsSpan(ext + 18, 8));
        // Boot code: cli; hlt; jmp back. Only reached if someone BIOS-boots the partition itself; halting beats running zeros.
        var code = ext + 26;
        b[code] = 0xFA; b[code + 1] = 0xF4; b[code + 2] = 0xEB; b[code + 3] = 0xFD;
        b[510] = 0x55; b[511] = 0xAA;
        return b;
    }

    private byte[] FsInfoSector()
    {
        var s = new byte[Sector];
        BinaryPrimitives.WriteUInt32LittleEndian(s, 0x41615252);
        BinaryPrimitives.WriteUInt32LittleEndian(s.AsSpan(484), 0x61417272);
        BinaryPrimitives.WriteUInt32LittleEndian(s.AsSpan(488), (uint)(Geometry.ClusterCount - UsedClusters));
        var nextFree = UsedClusters + 2 <= Geometry.ClusterCount + 1 ? (uint)(UsedClusters + 2) : 0xFFFFFFFF;
        BinaryPrimitives.WriteUInt32LittleEndian(s.AsSpan(492), nextFree);
        BinaryPrimitives.WriteUInt32LittleEndian(s.AsSpan(508), 0xAA550000);
        return s;
    }

    /// <summary>The used prefix of one FAT, rounded up to a sector; the rest of the table is free (zero) and stays a hole.</summary>
    private byte[] FatTable()
    {
        var type = Geometry.Type;
        var entries = new uint[UsedClusters + 2];
        var endOfChain = type switch { FatType.Fat12 => 0xFFFu, FatType.Fat16 => 0xFFFFu, _ => 0x0FFFFFFFu };
        entries[0] = endOfChain & 0xFFFFFFF8 | 0xF8; // media byte in the low 8 bits, the rest ones
        entries[1] = endOfChain;                      // also "cleanly unmounted, no errors" for FAT16/32
        foreach (var (first, count) in _directories.Where(d => d.Clusters > 0).Select(d => (d.FirstCluster, d.Clusters))
                     .Concat(_files.Where(f => f.Clusters > 0).Select(f => (f.FirstCluster, f.Clusters))))
        {
            for (var c = first; c < first + count - 1; c++) entries[c] = (uint)(c + 1);
            entries[first + count - 1] = endOfChain;
        }

        var bytes = type == FatType.Fat12 ? (entries.Length * 3 + 1) / 2 : entries.Length * ((int)type / 8);
        var table = new byte[(bytes + Sector - 1) / Sector * Sector];
        for (var i = 0; i < entries.Length; i++)
        {
            switch (type)
            {
                case FatType.Fat12:
                    var at = i * 3 / 2;
                    if (i % 2 == 0) { table[at] = (byte)entries[i]; table[at + 1] |= (byte)((entries[i] >> 8) & 0x0F); }
                    else { table[at] |= (byte)((entries[i] & 0x0F) << 4); table[at + 1] = (byte)(entries[i] >> 4); }
                    break;
                case FatType.Fat16: BinaryPrimitives.WriteUInt16LittleEndian(table.AsSpan(i * 2), (ushort)entries[i]); break;
                default: BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(i * 4), entries[i]); break;
            }
        }
        return table;
    }

    private byte[] DirectoryBytes(DirectoryPlan dir, DosTimestamp stamp)
    {
        var isRoot = dir.Parent is null;
        var size = isRoot && Geometry.Type != FatType.Fat32 ? Geometry.RootEntryCount * 32 : dir.Clusters * Geometry.BytesPerCluster;
        var bytes = new byte[size];
        var slot = 0;
        void Put(byte[] entry) => entry.CopyTo(bytes, 32 * slot++);

        if (isRoot && Options.Label.Length > 0)
            Put(FatDirectoryEntry.Short(Encoding.ASCII.GetBytes(Options.Label.PadRight(11)), FatDirectoryEntry.VolumeLabel, 0, 0, stamp));
        if (!isRoot)
        {
            Put(FatDirectoryEntry.Short(".          "u8.ToArray(), FatDirectoryEntry.Directory, dir.FirstCluster, 0, stamp));
            // ".." of a first-level directory points to cluster 0, even on FAT32 where the root has a real cluster.
            var parentCluster = dir.Parent!.Parent is null ? 0 : dir.Parent.FirstCluster;
            Put(FatDirectoryEntry.Short("..         "u8.ToArray(), FatDirectoryEntry.Directory, parentCluster, 0, stamp));
        }
        foreach (var e in dir.Entries)
        {
            if (e.HasLongName)
                foreach (var lfn in FatNames.LongNameEntries(e.Node.Name, FatNames.Checksum(e.ShortName))) Put(lfn);
            var caseFlags = FatNames.CaseFlags(e.Node.Name, e.ShortName);
            Put(e.Directory is not null
                ? FatDirectoryEntry.Short(e.ShortName, FatDirectoryEntry.Directory, e.Directory.FirstCluster, 0, stamp, caseFlags)
                : FatDirectoryEntry.Short(e.ShortName, FatDirectoryEntry.Archive, e.FirstCluster, (uint)((FatFile)e.Node).Content.Length, stamp, caseFlags));
        }
        return bytes;
    }

    private static void CopyContent(IBlockSink sink, long at, FatFile file, Action<long>? progress)
    {
        switch (file.Content)
        {
            case InMemoryContent memory:
                SparseWrite.NonZero(sink, at, memory.Bytes.Span);
                progress?.Invoke(memory.Bytes.Length);
                break;
            case HostFileContent host:
                using (var stream = new FileStream(host.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
                {
                    var buffer = new byte[CopyChunk];
                    long done = 0;
                    int read;
                    while ((read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
                    {
                        if (done + read > host.FileLength) break;
                        SparseWrite.NonZero(sink, at + done, buffer.AsSpan(0, read));
                        done += read;
                        progress?.Invoke(read);
                    }
                    if (done != host.FileLength || stream.Length != host.FileLength)
                        throw new IOException($"'{host.Path}' changed while the FAT volume was written: planned {host.FileLength} bytes, found {stream.Length}. Rebuild the image.");
                }
                break;
            default:
                throw new NotSupportedException($"Unknown FAT file content {file.Content.GetType().Name} for '{file.Name}'.");
        }
    }
}
