using System.Buffers.Binary;

namespace RedoxBuild.Image.Disk;

/// <summary>The 32-byte short (8.3) directory entry of the FAT spec, section 6.</summary>
internal static class FatDirectoryEntry
{
    public const byte VolumeLabel = 0x08;
    public const byte Directory = 0x10;
    public const byte Archive = 0x20;

    public static byte[] Short(byte[] name11, byte attributes, long firstCluster, uint size, DosTimestamp stamp, byte caseFlags = 0)
    {
        var e = new byte[32];
        name11.AsSpan(0, 11).CopyTo(e);
        e[11] = attributes;
        e[12] = caseFlags;
        e[13] = stamp.Centiseconds;
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(14), stamp.Time);   // created
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(16), stamp.Date);
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(18), stamp.Date);   // last accessed
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(20), (ushort)(firstCluster >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(22), stamp.Time);   // written
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(24), stamp.Date);
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(26), (ushort)firstCluster);
        BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(28), size);
        return e;
    }
}
