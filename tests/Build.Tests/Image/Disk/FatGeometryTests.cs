using RedoxBuild.Image.Disk;

namespace RedoxBuild.Tests.Image.Disk;

public class FatGeometryTests
{
    // Expected cluster counts are what mkfs.fat 4.2 produced for the same sizes on this machine
    // (mkfs.fat IMG / mkfs.fat -F 32 IMG, read back with fsck.fat -v). At 512 MiB mkfs.fat gets 130811 because
    // it formats only 1048572 of the 1048576 sectors; with the same data start (sector 2080) the full size gives 130812.
    [Theory]
    [InlineData(1, FatType.Fat12, 4, 502)]
    [InlineData(8, FatType.Fat12, 4, 4081)]
    [InlineData(16, FatType.Fat16, 4, 8167)]
    [InlineData(32, FatType.Fat16, 4, 16343)]
    [InlineData(33, FatType.Fat32, 1, 66512)]
    [InlineData(40, FatType.Fat32, 1, 80628)]
    [InlineData(200, FatType.Fat32, 1, 403266)]
    [InlineData(512, FatType.Fat32, 8, 130812)]
    public void The_type_and_cluster_size_are_chosen_like_mkfs_fat(int mib, FatType type, int sectorsPerCluster, long clusters)
    {
        var g = FatGeometry.Choose(mib * DiskFixtures.MiB, type: null, rootEntries: 512)!;

        (g.Type, g.SectorsPerCluster, g.ClusterCount).Should().Be((type, sectorsPerCluster, clusters));
        if (mib > 4) (g.FirstDataSector % g.SectorsPerCluster).Should().Be(0, "above 4 MiB the data area starts on a cluster boundary");
    }

    [Fact]
    public void FAT32_starts_at_33_MiB() => FatGeometry.MinimumFat32MiB().Should().Be(33);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Every_cluster_is_mapped_by_the_FAT_and_the_data_fits_the_volume(int mib)
    {
        foreach (var type in new FatType?[] { null, FatType.Fat16, FatType.Fat32 })
        {
            var g = FatGeometry.Choose(mib * DiskFixtures.MiB, type, 512);
            if (g is null) continue;
            (g.SectorsPerFat * 512L * 8 / (int)g.Type).Should().BeGreaterThanOrEqualTo(g.ClusterCount + 2);
            (g.FirstDataSector + g.ClusterCount * g.SectorsPerCluster).Should().BeLessThanOrEqualTo(g.TotalSectors);
            // One padding step (a cluster above 4 MiB, else a sector) less would not map every cluster: the FAT is minimal.
            var step = g.TotalSectors > 8192 ? g.SectorsPerCluster : 1;
            var smaller = g.SectorsPerFat - step;
            (smaller * 512L * 8 / (int)g.Type).Should().BeLessThan(
                (g.TotalSectors - g.ReservedSectors - g.RootDirectorySectors - 2 * smaller) / g.SectorsPerCluster + 2);
        }
    }

    [Fact]
    public void FAT32_asked_for_on_a_small_volume_is_refused() =>
        FatGeometry.Choose(20 * DiskFixtures.MiB, FatType.Fat32, 512).Should().BeNull();
}
