using RedoxBuild.Image.Disk;

namespace RedoxBuild.Tests.Image.Disk;

public class FatVolumeTests
{
    private const long MiB = DiskFixtures.MiB;

    private static FatVolume Create(long bytes, FatDirectory tree, FatType? type = null) =>
        FatVolume.Create(new FatVolumeOptions(bytes, DiskFixtures.Identity) { Type = type }, tree);

    [Fact]
    public void Contents_that_do_not_fit_fail_before_writing_with_the_numbers_and_the_setting_to_raise()
    {
        var tree = new FatTreeBuilder().AddFile("EFI/BOOT/BOOTX64.EFI", new byte[2 * MiB]).Build();

        FluentActions.Invoking(() => Create(MiB, tree)).Should().Throw<DiskLayoutException>().WithMessage(
            "The FAT volume contents do not fit: 1 file(s) totalling 2097152 bytes plus directories need 1026 clusters of 2048 bytes (2101248 bytes), " +
            "but the Fat12 volume of 1048576 bytes has 502 clusters (1028096 bytes) for data. Raise efi_partition_size to at least 3 MiB.");
    }

    [Fact]
    public void The_suggested_size_is_the_smallest_whole_MiB_that_fits()
    {
        var tree = new FatTreeBuilder().AddFile("EFI/BOOT/BOOTX64.EFI", new byte[2 * MiB]).Build();

        FluentActions.Invoking(() => Create(2 * MiB, tree)).Should().Throw<DiskLayoutException>().WithMessage("*at least 3 MiB.");
        Create(3 * MiB, tree).UsedClusters.Should().Be(1026);
    }

    [Fact]
    public void The_setting_named_in_errors_can_be_changed()
    {
        var tree = new FatTreeBuilder().AddFile("big", new byte[2 * MiB]).Build();

        FluentActions.Invoking(() => FatVolume.Create(new FatVolumeOptions(MiB, DiskFixtures.Identity) { SizeSetting = "esp_size_mib" }, tree))
            .Should().Throw<DiskLayoutException>().WithMessage("*Raise esp_size_mib to at least*");
    }

    [Fact]
    public void FAT32_on_a_volume_below_33_MiB_is_refused_with_the_minimum()
    {
        FluentActions.Invoking(() => Create(20 * MiB, new FatTreeBuilder().Build(), FatType.Fat32)).Should().Throw<DiskLayoutException>().WithMessage(
            "A FAT32 volume needs at least 65525 clusters, which takes at least 33 MiB with 512-byte clusters; this volume is 20971520 bytes (20 MiB). Raise efi_partition_size to 33 MiB or more*");
    }

    [Fact]
    public void A_FAT12_or_FAT16_root_that_overflows_is_refused()
    {
        var builder = new FatTreeBuilder();
        for (var i = 0; i < 600; i++) builder.AddFile($"F{i:000}.TXT", new byte[1]);

        FluentActions.Invoking(() => Create(4 * MiB, builder.Build())).Should().Throw<DiskLayoutException>().WithMessage(
            "The root directory needs 601 entries (long names take extra entries) but a Fat12 root holds 512; raise RootDirectoryEntries*or use FAT32 (efi_partition_size of at least 33 MiB).");
    }

    [Theory]
    [InlineData("efi", "*contains 'e'*lower case is not portable*")]
    [InlineData("TWELVE CHARS", "*has 12 characters; FAT labels hold at most 11.")]
    [InlineData(" EFI", "*starts with a space.")]
    public void Bad_volume_labels_are_refused(string label, string message) =>
        FluentActions.Invoking(() => FatVolume.Create(new FatVolumeOptions(MiB, DiskFixtures.Identity) { Label = label }, new FatTreeBuilder().Build()))
            .Should().Throw<DiskLayoutException>().WithMessage(message);

    [Theory]
    [InlineData("EFI/BOOT/a:b", "Cannot put 'EFI/BOOT/a:b' into the FAT volume: in 'a:b', it contains ':', which FAT names cannot hold.")]
    [InlineData("dir./x", "Cannot put 'dir./x' into the FAT volume: in 'dir.', it ends with a dot or a space, which FAT drivers strip.")]
    [InlineData("/", "The file path '/' has no file name.")]
    public void Bad_paths_are_refused_with_the_part_that_is_wrong(string path, string message) =>
        FluentActions.Invoking(() => new FatTreeBuilder().AddFile(path, new byte[1])).Should().Throw<DiskLayoutException>().WithMessage(message);

    [Fact]
    public void Names_differing_only_in_case_conflict_like_on_FAT() =>
        FluentActions.Invoking(() => new FatTreeBuilder().AddFile("EFI/boot.txt", new byte[1]).AddFile("efi/BOOT.TXT", new byte[1]))
            .Should().Throw<DiskLayoutException>().WithMessage("'efi/BOOT.TXT' names directory 'efi', but 'EFI' exists*");

    [Fact]
    public void A_file_and_a_directory_of_one_name_conflict() =>
        FluentActions.Invoking(() => new FatTreeBuilder().AddFile("EFI", new byte[1]).AddFile("EFI/BOOT/BOOTX64.EFI", new byte[1]))
            .Should().Throw<DiskLayoutException>().WithMessage("Cannot make directory 'EFI' for 'EFI/BOOT/BOOTX64.EFI': a file 'EFI' already has that name.");

    [Fact]
    public void Insertion_order_does_not_change_the_bytes()
    {
        var sample = new FatSample();
        var reversed = new FatTreeBuilder();
        foreach (var (path, bytes) in sample.Files.Reverse()) reversed.AddFile(path, bytes);

        Create(40 * MiB, reversed.Build()).ToArray().Should().Equal(sample.Volume(40).ToArray());
    }

    [Fact]
    public void A_different_identity_gives_a_different_serial()
    {
        var sample = new FatSample();

        var a = sample.Volume(40);
        var b = sample.Volume(40, identity: DiskFixtures.Identity with { Seed = "another build" });

        a.VolumeId.Should().NotBe(b.VolumeId);
        a.VolumeId.Should().Be(sample.Volume(40).VolumeId);
    }

    [Fact]
    public void Host_files_are_copied_when_written()
    {
        using var dir = new TempDir();
        var host = dir.File("loader.efi");
        var bytes = DiskFixtures.RandomBytes(3 * 1024 * 1024 + 5, 9);
        File.WriteAllBytes(host, bytes);
        var volume = Create(40 * MiB, new FatTreeBuilder().AddHostFile("EFI/BOOT/BOOTX64.EFI", host).Build());

        var image = volume.ToArray();

        var g = volume.Geometry;
        var firstFileCluster = 2 + 3; // root, EFI, EFI/BOOT each take one 512-byte cluster, then the file
        image.AsSpan((int)g.ClusterOffset(firstFileCluster), bytes.Length).SequenceEqual(bytes).Should().BeTrue();
    }

    [Fact]
    public void A_host_file_that_changes_after_planning_fails_the_write()
    {
        using var dir = new TempDir();
        var host = dir.File("kernel");
        File.WriteAllBytes(host, new byte[1000]);
        var volume = Create(MiB, new FatTreeBuilder().AddHostFile("kernel", host).Build());
        File.AppendAllText(host, "more");

        volume.Invoking(v => v.ToArray()).Should().Throw<IOException>()
            .WithMessage($"'{host}' changed while the FAT volume was written: planned 1000 bytes, found 1004. Rebuild the image.");
    }

    [Fact]
    public void A_missing_host_file_is_reported_when_added() =>
        FluentActions.Invoking(() => new FatTreeBuilder().AddHostFile("kernel", "/nonexistent/kernel"))
            .Should().Throw<FileNotFoundException>().WithMessage("*does not exist: /nonexistent/kernel");

    [Fact]
    public void Timestamps_come_from_SOURCE_DATE_EPOCH()
    {
        var volume = FatVolume.Create(new FatVolumeOptions(MiB, new ImageIdentity("x", 1)), new FatTreeBuilder().AddFile("A.TXT", new byte[1]).Build());
        var image = volume.ToArray();
        var entry = (int)(volume.Geometry.RootDirectorySector * 512 + 32); // after the label

        image.AsSpan(entry, 11).ToArray().Should().Equal("A       TXT"u8.ToArray());
        // 1970 clamps to 1980-01-01 00:00:00: time 0x0000, date 0x0021
        image.AsSpan(entry + 22, 4).ToArray().Should().Equal(0, 0, 0x21, 0x00);
    }
}
