namespace RedoxBuild.Image.Disk;

public enum FatType { Fat12 = 12, Fat16 = 16, Fat32 = 32 }

/// <summary>
/// The on-disk shape of a FAT volume with 512-byte sectors and two FATs. <see cref="ClusterCount"/> decides the
/// FAT type (FAT spec: below 4085 FAT12, below 65525 FAT16, else FAT32); the chooser keeps clear of the boundaries
/// the way dosfstools does (FAT12 at most 4084, FAT16 4087..65524, FAT32 at least 65525).
/// </summary>
public sealed record FatGeometry(FatType Type, long TotalSectors, int SectorsPerCluster, int ReservedSectors,
    long SectorsPerFat, int RootEntryCount, long ClusterCount)
{
    public const int BytesPerSector = 512;
    public const int FatCount = 2;
    public const int MaxFat12Clusters = 4084;
    public const int MinFat16Clusters = 4087;
    public const int MaxFat16Clusters = 65524;
    public const int MinFat32Clusters = 65525;
    public const int MaxFat32Clusters = 0x0FFFFFF5 - 2;

    public int BytesPerCluster => SectorsPerCluster * BytesPerSector;
    public long RootDirectorySectors => (RootEntryCount * 32L + BytesPerSector - 1) / BytesPerSector;
    public long RootDirectorySector => ReservedSectors + FatCount * SectorsPerFat;
    public long FirstDataSector => RootDirectorySector + RootDirectorySectors;
    public long DataBytes => ClusterCount * BytesPerCluster;

    /// <summary>Byte offset of a cluster (numbered from 2) within the volume.</summary>
    public long ClusterOffset(long cluster) => (FirstDataSector + (cluster - 2) * SectorsPerCluster) * BytesPerSector;

    /// <summary>
    /// Picks type and cluster size for a volume of <paramref name="sizeBytes"/>. With no type asked for, FAT32 when
    /// it can have 65525 clusters, else FAT16 or FAT12 by the cluster count mkfs.fat would get (4-sector clusters,
    /// doubled until the count fits). Returns null when the asked type cannot be made at this size.
    /// </summary>
    public static FatGeometry? Choose(long sizeBytes, FatType? type, int rootEntries)
    {
        var sectors = sizeBytes / BytesPerSector;
        if (type is FatType.Fat32 or null)
        {
            var fat32 = ChooseFat32(sectors);
            if (fat32 is not null || type is FatType.Fat32) return fat32;
        }
        var fat16 = FirstInRange(sectors, FatType.Fat16, rootEntries, [4, 8, 16, 32, 64, 2, 1]);
        if (type is FatType.Fat16) return fat16;
        if (type is null && fat16 is not null && fat16.SectorsPerCluster >= 4) return fat16;
        var fat12 = FirstInRange(sectors, FatType.Fat12, rootEntries, [4, 8, 16, 32, 64]);
        if (type is FatType.Fat12) return fat12;
        return fat12 ?? fat16;
    }

    /// <summary>The smallest volume (in whole MiB) for which <see cref="Choose"/> can make a FAT32 volume.</summary>
    public static int MinimumFat32MiB()
    {
        for (var mib = 1; mib <= 64; mib++)
            if (ChooseFat32(mib * 2048L) is not null) return mib;
        throw new InvalidOperationException("FAT32 needs more than 64 MiB, which contradicts the FAT spec's 65525-cluster minimum.");
    }

    private static FatGeometry? ChooseFat32(long sectors)
    {
        // mkfs.fat's (and Microsoft's) table: 512 B clusters up to 260 MiB, 4 KiB to 8 GiB, 8/16/32 KiB beyond.
        var mib = (sectors + 2047) / 2048;
        var preferred = mib > 32 * 1024 ? 64 : mib > 16 * 1024 ? 32 : mib > 8 * 1024 ? 16 : mib > 260 ? 8 : 1;
        for (var spc = preferred; spc >= 1; spc /= 2)
        {
            var g = Compute(sectors, FatType.Fat32, spc, 0);
            if (g is not null && InRange(g)) return g;
        }
        return null;
    }

    private static FatGeometry? FirstInRange(long sectors, FatType type, int rootEntries, int[] clusterSizes)
    {
        foreach (var spc in clusterSizes)
        {
            var g = Compute(sectors, type, spc, rootEntries);
            if (g is not null && InRange(g)) return g;
        }
        return null;
    }

    private static bool InRange(FatGeometry g) => g.Type switch
    {
        FatType.Fat12 => g.ClusterCount is >= 1 and <= MaxFat12Clusters,
        FatType.Fat16 => g.ClusterCount is >= MinFat16Clusters and <= MaxFat16Clusters,
        _ => g.ClusterCount is >= MinFat32Clusters and <= MaxFat32Clusters,
    };

    /// <summary>Geometry for a fixed type and cluster size: the smallest FAT that still maps every cluster.</summary>
    internal static FatGeometry? Compute(long sectors, FatType type, int sectorsPerCluster, int rootEntries)
    {
        // Like mkfs.fat: above 8192 sectors (4 MiB) the reserved area, root directory and each FAT are padded to
        // whole clusters, so clusters of a MiB-aligned partition start on cluster-size boundaries of the disk.
        var align = sectors > 8192 ? sectorsPerCluster : 1;
        long AlignUp(long value) => (value + align - 1) / align * align;
        var reserved = (int)AlignUp(type == FatType.Fat32 ? 32 : 1);
        var rootSectors = type == FatType.Fat32 ? 0 : AlignUp((rootEntries * 32L + BytesPerSector - 1) / BytesPerSector);
        var rootEntryCount = (int)(rootSectors * BytesPerSector / 32);
        var available = sectors - reserved - rootSectors;
        if (available <= FatCount) return null;

        long Clusters(long fatSectors) => (available - FatCount * fatSectors) / sectorsPerCluster;
        long Capacity(long fatSectors) => fatSectors * BytesPerSector * 8 / (int)type; // FAT entries the table holds

        // Capacity grows and the cluster count shrinks with the FAT size, so the smallest sufficient size is a boundary.
        long low = 1, high = available / FatCount;
        if (Capacity(high) < Clusters(high) + 2) return null;
        while (low < high)
        {
            var mid = low + (high - low) / 2;
            if (Capacity(mid) >= Clusters(mid) + 2) high = mid; else low = mid + 1;
        }
        // A larger FAT only maps more entries for fewer clusters, so padding it keeps it sufficient.
        var fatSectors = AlignUp(low);
        var clusters = Clusters(fatSectors);
        return clusters < 1 ? null : new FatGeometry(type, sectors, sectorsPerCluster, reserved, fatSectors, rootEntryCount, clusters);
    }
}
