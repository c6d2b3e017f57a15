using System.Text.RegularExpressions;
using RedoxBuild.Image.Disk;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Image.Disk;

/// <summary>sgdisk (GPT fdisk 1.0.9) is the independent judge of the partition table.</summary>
public class GptSgdiskTests
{
    private static (TempDir Dir, string Path, GptLayout Layout) WriteUpstreamDisk(long mib, int espMib)
    {
        var dir = new TempDir();
        var layout = RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(mib * DiskFixtures.MiB, DiskFixtures.Identity) { EfiPartitionSizeMiB = espMib });
        var path = dir.File("disk.img");
        DiskImageWriter.Write(new DiskImageRequest(path, layout) { FlushToDisk = false });
        return (dir, path, layout);
    }

    [RequiresToolsTheory("sgdisk")]
    [InlineData(64, 1)]
    [InlineData(300, 200)]
    [InlineData(4097, 40)]
    public void Sgdisk_verifies_the_table_without_problems(long mib, int espMib)
    {
        var (dir, path, _) = WriteUpstreamDisk(mib, espMib);
        using (dir)
        {
            var result = Tool.Run("sgdisk", "-v", path);

            result.ExitCode.Should().Be(0, result.All);
            result.Stdout.Should().Contain("No problems found.");
            result.All.Should().NotContainAny("Warning", "Caution", "Problem:", "corrupt", "mismatch");
        }
    }

    [RequiresToolsFact("sgdisk")]
    public void Sgdisk_prints_our_disk_GUID_names_codes_and_sectors()
    {
        var (dir, path, layout) = WriteUpstreamDisk(64, 40);
        using (dir)
        {
            var print = Tool.Run("sgdisk", "-p", path);

            print.ExitCode.Should().Be(0, print.All);
            print.Stdout.Should().Contain($"Disk identifier (GUID): {layout.DiskGuid.ToString().ToUpperInvariant()}");
            print.Stdout.Should().Contain("First usable sector is 34, last usable sector is 131038");
            var rows = Regex.Matches(print.Stdout, @"^\s+(\d+)\s+(\d+)\s+(\d+)\s+\S+ \S+\s+(\w{4})\s+(\S+)\s*$", RegexOptions.Multiline)
                .Select(m => (int.Parse(m.Groups[1].Value), long.Parse(m.Groups[2].Value), long.Parse(m.Groups[3].Value), m.Groups[4].Value, m.Groups[5].Value));
            rows.Should().Equal((1, 34L, 2047L, "EF02", "BIOS"), (2, 2048L, 83967L, "EF00", "EFI"), (3, 83968L, 129023L, "8300", "REDOX"));
        }
    }

    [RequiresToolsFact("sgdisk")]
    public void Sgdisk_shows_each_partition_exactly_as_laid_out()
    {
        var (dir, path, layout) = WriteUpstreamDisk(64, 40);
        using (dir)
        {
            foreach (var p in layout.Partitions)
            {
                var info = Tool.Run("sgdisk", "-i", p.Number.ToString(), path);

                info.ExitCode.Should().Be(0, info.All);
                info.Stdout.Should().Contain($"Partition GUID code: {p.TypeGuid.ToString().ToUpperInvariant()} (");
                info.Stdout.Should().Contain($"Partition unique GUID: {p.UniqueGuid.ToString().ToUpperInvariant()}");
                info.Stdout.Should().Contain($"First sector: {p.FirstLba} ");
                info.Stdout.Should().Contain($"Last sector: {p.LastLba} ");
                info.Stdout.Should().Contain("Attribute flags: 0000000000000000");
                info.Stdout.Should().Contain($"Partition name: '{p.Name}'");
            }
            Tool.Run("sgdisk", "-i", "2", path).Stdout.Should().Contain("(EFI system partition)");
            Tool.Run("sgdisk", "-i", "1", path).Stdout.Should().Contain("(BIOS boot partition)");
            Tool.Run("sgdisk", "-i", "3", path).Stdout.Should().Contain("(Linux filesystem)");
        }
    }

    [RequiresToolsFact("sgdisk")]
    public void A_table_sgdisk_writes_parses_with_our_reader()
    {
        // Arrange: the reverse direction, sgdisk as the writer
        using var dir = new TempDir();
        var path = dir.File("sg.img");
        using (var f = File.Create(path)) f.SetLength(64 * DiskFixtures.MiB);
        Tool.Run("sgdisk", "-o", "-n", "1:2048:+8M", "-t", "1:ef00", "-c", "1:EFI System", path).ExitCode.Should().Be(0);

        // Act
        var disk = GptReader.Read(path);

        // Assert
        disk.Problems.Should().BeEmpty();
        disk.Partitions.Should().ContainSingle().Which.Should().Match<GptPartition>(p =>
            p.Name == "EFI System" && p.TypeGuid == GptPartitionTypes.EfiSystem && p.FirstLba == 2048 && p.LastLba == 2048 + 16384 - 1);
    }
}
