using System.Text.RegularExpressions;
using RedoxBuild.Image.Disk;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Image.Disk;

/// <summary>fsck.fat (dosfstools 4.2) and mtools 4.0.32 judge the FAT volumes.</summary>
public class FatVolumeToolTests
{
    public static TheoryData<int, FatType> Sizes => new()
    {
        { 1, FatType.Fat12 },   // upstream's default ESP
        { 8, FatType.Fat12 },
        { 16, FatType.Fat16 },
        { 33, FatType.Fat32 },  // smallest FAT32
        { 200, FatType.Fat32 }, // nix-redox's ESP
        { 300, FatType.Fat32 }, // 4 KiB clusters
    };

    [RequiresToolsTheory("fsck.fat")]
    [MemberData(nameof(Sizes))]
    public void Fsck_fat_finds_nothing_to_complain_about(int mib, FatType type)
    {
        using var dir = new TempDir();
        var volume = new FatSample().Volume(mib);
        var path = FatSample.WriteToFile(dir, volume);

        var check = Tool.Run("fsck.fat", "-n", path);
        var verbose = Tool.Run("fsck.fat", "-n", "-v", path);

        volume.Geometry.Type.Should().Be(type);
        // fsck.fat -n exits 0 even when it reports damage, so the output itself must be just banner + summary.
        check.ExitCode.Should().Be(0, check.All);
        check.Stderr.Should().BeEmpty();
        check.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2, check.Stdout);
        check.Stdout.Should().Contain($"{path}: ").And.Contain($" files, {volume.UsedClusters}/{volume.Geometry.ClusterCount} clusters");
        verbose.Stdout.Should().Contain($"{(int)type} bit entries").And.Contain($"{volume.Geometry.ClusterCount} data clusters");
    }

    [RequiresToolsTheory("fsck.fat")]
    [InlineData(1)]
    [InlineData(40)]
    public void An_empty_volume_without_a_label_is_clean(int mib)
    {
        using var dir = new TempDir();
        var volume = FatVolume.Create(new FatVolumeOptions(mib * DiskFixtures.MiB, DiskFixtures.Identity) { Label = "" }, new FatTreeBuilder().Build());
        var path = FatSample.WriteToFile(dir, volume);

        var check = Tool.Run("fsck.fat", "-n", path);

        check.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2, check.Stdout);
        volume.UsedClusters.Should().Be(mib == 40 ? 1 : 0, "a FAT32 root always owns a cluster; a FAT12 root has its own region");
    }

    [RequiresToolsTheory("mcopy")]
    [MemberData(nameof(Sizes))]
    public void Mcopy_reads_every_file_back_byte_identical(int mib, FatType type)
    {
        using var dir = new TempDir();
        var sample = new FatSample();
        var path = FatSample.WriteToFile(dir, sample.Volume(mib, type));

        var n = 0;
        foreach (var (name, bytes) in sample.Files)
        {
            var copy = dir.File($"out-{n++}");
            var result = Tool.Run("mcopy", "-i", path, $"::/{name}", copy);
            result.ExitCode.Should().Be(0, $"{name}: {result.All}");
            File.ReadAllBytes(copy).Should().Equal(bytes, name);
        }
    }

    [RequiresToolsFact("mdir", "mtype")]
    public void Mdir_lists_short_and_long_names_sizes_label_serial_and_dates()
    {
        using var dir = new TempDir();
        var volume = new FatSample().Volume(40);
        var path = FatSample.WriteToFile(dir, volume);

        var boot = Tool.Run("mdir", "-i", path, "::/EFI/BOOT");
        var root = Tool.Run("mdir", "-i", path, "::/");
        var text = Tool.Run("mtype", "-i", path, "::/EFI/BOOT/A long file name with spaces.txt");

        boot.ExitCode.Should().Be(0, boot.All);
        boot.Stdout.Should().MatchRegex(@"BOOTX64  EFI\s+48759 2023-11-14  22:13");
        boot.Stdout.Should().MatchRegex(@"ALONGF~1 TXT\s+18 2023-11-14  22:13  A long file name with spaces.txt");
        boot.Stdout.Should().MatchRegex(@"(?m)^\.\s+<DIR>").And.MatchRegex(@"(?m)^\.\.\s+<DIR>");
        root.Stdout.Should().Contain(" Volume in drive : is EFI");
        root.Stdout.Should().Contain($"Volume Serial Number is {volume.VolumeId >> 16:X4}-{volume.VolumeId & 0xFFFF:X4}");
        // The short names carry the NT lower-case flags, which mtools applies when it prints them.
        root.Stdout.Should().MatchRegex(@"startup  nsh\s+9 2023-11-14  22:13  startup.nsh");
        root.Stdout.Should().MatchRegex(@"kernel\s+300000 2023-11-14  22:13  kernel");
        root.Stdout.Should().MatchRegex(@"ROOT39   TXT\s+8 ");
        text.Stdout.Should().Be("long names survive");
    }

    [RequiresToolsFact("mdir")]
    public void A_directory_spanning_many_clusters_lists_every_entry()
    {
        using var dir = new TempDir();
        var path = FatSample.WriteToFile(dir, new FatSample().Volume(40)); // FAT32 with 512-byte clusters

        var listing = Tool.Run("mdir", "-i", path, "::/many");

        Regex.Matches(listing.Stdout, @"file-\d{3}\.dat").Select(m => m.Value)
            .Should().Equal(Enumerable.Range(0, 60).Select(i => $"file-{i:000}.dat"));
    }

    [RequiresToolsFact("fsck.fat")]
    public void Fsck_fat_notices_a_damaged_long_name_checksum_so_its_silence_means_something()
    {
        using var dir = new TempDir();
        var volume = new FatSample().Volume(40);
        var image = volume.ToArray();
        var root = volume.Geometry.ClusterOffset(2);
        var lfn = Enumerable.Range(0, 64).Select(i => root + i * 32).First(o => image[o + 11] == 0x0F);
        image[lfn + 13] ^= 0xFF;
        var path = dir.File("bad.img");
        File.WriteAllBytes(path, image);

        Tool.Run("fsck.fat", "-n", path).Stdout.Should().Contain("Wrong checksum for long file name \"empty.txt\"");
    }
}
