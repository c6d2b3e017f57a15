using RedoxBuild.Image.Disk;

namespace RedoxBuild.Tests.Image.Disk;

public class GptLayoutTests
{
    private const long MiB = DiskFixtures.MiB;

    [Fact]
    public void The_upstream_layout_of_a_64_MiB_disk_matches_the_installer_arithmetic()
    {
        // Act
        var layout = RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(64 * MiB, DiskFixtures.Identity));

        // Assert: BIOS 34-2047, EFI 1 MiB from 1 MiB, REDOX to ((64 MiB - 34 sectors) / MiB) * MiB - 1 sector
        layout.DiskSectors.Should().Be(131072);
        layout.Partitions.Select(p => (p.Number, p.Name, p.TypeGuid, p.FirstLba, p.LastLba)).Should().Equal(
            (1, "BIOS", GptPartitionTypes.BiosBoot, 34L, 2047L),
            (2, "EFI", GptPartitionTypes.EfiSystem, 2048L, 4095L),
            (3, "REDOX", GptPartitionTypes.LinuxFilesystem, 4096L, 63 * 2048L - 1));
        layout.FirstUsableLba.Should().Be(34);
        layout.LastUsableLba.Should().Be(131072 - 34);
    }

    [Fact]
    public void The_ESP_size_setting_moves_the_REDOX_partition()
    {
        var layout = RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(512 * MiB, DiskFixtures.Identity) { EfiPartitionSizeMiB = 200 });

        layout.Partition(2).SizeBytes.Should().Be(200 * MiB);
        layout.Partition(3).OffsetBytes.Should().Be(201 * MiB);
        layout.Partition(3).SizeBytes.Should().Be(310 * MiB);
    }

    [Fact]
    public void A_disk_too_small_for_the_layout_names_the_minimum()
    {
        var act = () => RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(5 * MiB, DiskFixtures.Identity) { EfiPartitionSizeMiB = 3 });

        act.Should().Throw<DiskLayoutException>()
            .WithMessage("The disk of 5242880 bytes (5 MiB) is too small*need 6 MiB (6291456 bytes)*filesystem_size*at least 6 MiB*");
    }

    [Fact]
    public void The_smallest_disk_the_message_promises_is_accepted()
    {
        var layout = RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(6 * MiB, DiskFixtures.Identity) { EfiPartitionSizeMiB = 3 });

        layout.Partition(3).SizeBytes.Should().Be(MiB);
    }

    [Fact]
    public void Overlapping_partitions_are_rejected_with_both_ranges()
    {
        var layout = Layout(Part(1, "A", 2048, 4095), Part(2, "B", 4000, 6000));

        layout.Invoking(l => l.Validate()).Should().Throw<DiskLayoutException>()
            .WithMessage("Partition 2 \"B\" (LBA 4000-6000) overlaps partition 1 \"A\" (LBA 2048-4095).");
    }

    [Fact]
    public void A_partition_that_breaks_its_requested_alignment_is_rejected()
    {
        var layout = Layout(Part(1, "A", 2049, 4096) with { AlignmentSectors = 2048 });

        layout.Invoking(l => l.Validate()).Should().Throw<DiskLayoutException>()
            .WithMessage("Partition 1 \"A\": start LBA 2049 and size 2048 sectors must both be multiples of 2048 sectors (1048576 bytes)*");
    }

    [Fact]
    public void A_partition_reaching_into_the_backup_GPT_is_rejected()
    {
        var layout = Layout(Part(1, "A", 2048, 20480 - 10));

        layout.Invoking(l => l.Validate()).Should().Throw<DiskLayoutException>()
            .WithMessage("Partition 1 \"A\": it ends at LBA 20470 but the last usable LBA of this 20480-sector disk is 20446*");
    }

    [Theory]
    [InlineData(0, "*the number must be 1..128*")]
    [InlineData(129, "*the number must be 1..128*")]
    public void Partition_numbers_outside_the_entry_array_are_rejected(int number, string message) =>
        Layout(Part(number, "A", 2048, 4095)).Invoking(l => l.Validate()).Should().Throw<DiskLayoutException>().WithMessage(message);

    [Fact]
    public void Names_longer_than_36_UTF16_units_are_rejected() =>
        Layout(Part(1, new string('x', 37), 2048, 4095)).Invoking(l => l.Validate()).Should().Throw<DiskLayoutException>()
            .WithMessage("*37 UTF-16 code units; GPT names hold at most 36.");

    [Fact]
    public void Two_partitions_with_one_unique_GUID_are_rejected()
    {
        var guid = Guid.NewGuid();
        var layout = Layout(Part(1, "A", 2048, 4095) with { UniqueGuid = guid }, Part(2, "B", 4096, 6143) with { UniqueGuid = guid });

        layout.Invoking(l => l.Validate()).Should().Throw<DiskLayoutException>().WithMessage("Partitions 1 and 2 share the unique GUID*");
    }

    [Fact]
    public void Asking_for_a_partition_the_layout_lacks_lists_the_ones_it_has() =>
        RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(64 * MiB, DiskFixtures.Identity)).Invoking(l => l.Partition(7))
            .Should().Throw<DiskLayoutException>().WithMessage("The layout has no partition 7; it has 1 \"BIOS\", 2 \"EFI\", 3 \"REDOX\".");

    internal static GptLayout Layout(params GptPartition[] partitions) => new(20480, DiskFixtures.Identity.DeriveGuid("test/disk"), partitions);

    internal static GptPartition Part(int number, string name, long first, long last) =>
        new(number, name, GptPartitionTypes.LinuxFilesystem, DiskFixtures.Identity.DeriveGuid($"test/{number}/{name}"), first, last);
}
