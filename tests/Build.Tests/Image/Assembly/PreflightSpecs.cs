using RedoxBuild.Image;
using RedoxBuild.Image.Assembly;
using RedoxBuild.Image.Disk;
using RedoxBuild.Image.RootTree;

namespace RedoxBuild.Tests.Image.Assembly;

/// <summary>Size checks before anything is written, and the boot partitions' contents.</summary>
public class PreflightSpecs : IDisposable
{
    private const long MiB = 1024 * 1024;
    private static readonly ImageIdentity Identity = new("preflight", 1_700_000_000);
    private readonly ImageScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private static RootTreeStats Tree(long redoxFsMiB) => new(1200, 80, 30, 700 * MiB, redoxFsMiB * MiB);

    private static ImageSizes Sizes(long? filesystemMiB, bool fromParameter = false, long? efiMiB = null) => new(
        new SizeSetting(filesystemMiB, "general.filesystem_size", "profiles/default.toml", "--filesystem-size", fromParameter),
        new SizeSetting(efiMiB, "general.efi_partition_size", "profiles/default.toml", "--efi-partition-size"),
        new SizeSetting(64, "image.initfs_max_size", "profiles/default.toml", null, IsDefault: true));

    [Fact]
    public void A_root_tree_larger_than_the_redox_partition_fails_with_both_sizes_and_the_setting_to_raise()
    {
        var act = () => ImagePreflight.Plan(Sizes(768), Tree(812), Identity);

        act.Should().Throw<ImageException>().Which.Message.Should().Be(
            "The root tree needs 812 MiB of RedoxFS (1200 files, 80 directories, 30 links, 700 MiB of data, initfs included), " +
            "but general.filesystem_size = 768 MiB (profiles/default.toml) leaves 765 MiB for the REDOX partition after the 1 MiB BIOS boot and 1 MiB EFI partitions; " +
            "raise general.filesystem_size in profiles/default.toml or pass --filesystem-size 900.");
    }

    [Fact]
    public void A_size_given_on_the_command_line_is_named_as_such()
    {
        var act = () => ImagePreflight.Plan(Sizes(500, fromParameter: true), Tree(812), Identity);

        act.Should().Throw<ImageException>().WithMessage("*but --filesystem-size 500 leaves 497 MiB*; pass a larger --filesystem-size (at least 900).");
    }

    [Fact]
    public void Without_filesystem_size_the_disk_is_sized_from_the_tree_with_room_to_spare()
    {
        var plan = ImagePreflight.Plan(Sizes(null), Tree(812), Identity);

        plan.AutoSized.Should().BeTrue();
        plan.DiskSizeBytes.Should().Be(900 * MiB);
        plan.Redox.SizeBytes.Should().BeGreaterThanOrEqualTo(812 * MiB);
        plan.Efi.OffsetBytes.Should().Be(MiB);
    }

    [Fact]
    public void An_efi_partition_larger_than_the_disk_names_both_settings()
    {
        var act = () => ImagePreflight.Plan(Sizes(40, efiMiB: 64), Tree(1), Identity);

        act.Should().Throw<ImageException>().WithMessage("*too small*The sizes came from general.filesystem_size = 40 MiB (profiles/default.toml) and general.efi_partition_size = 64 MiB*; raise general.filesystem_size in profiles/default.toml or pass --filesystem-size 76.");
    }

    [Fact]
    public void A_bootloader_too_big_for_the_esp_fails_naming_efi_partition_size()
    {
        var efi = _scratch.Write("bootloader.efi", new string('E', 1536 * 1024));
        var plan = ImagePreflight.Plan(Sizes(64), Tree(8), Identity);

        var act = () => BootPartitions.Esp(new BootloaderFiles(efi, null, "BOOTX64.EFI"), plan, Sizes(64), Identity);

        act.Should().Throw<ImageException>().WithMessage(
            "The 1 MiB EFI system partition (general.efi_partition_size not set in profiles/default.toml) cannot hold EFI/BOOT/BOOTX64.EFI (1572864 bytes):*Raise general.efi_partition_size (in profiles/default.toml) or --efi-partition-size to at least 2 MiB.");
    }

    [Fact]
    public void The_bios_loader_goes_to_the_mbr_code_and_from_lba_34_into_the_bios_boot_partition()
    {
        var bytes = Enumerable.Range(0, 20_000).Select(i => (byte)(i % 251)).ToArray();
        var path = _scratch.PathOf("bootloader.bios");
        File.WriteAllBytes(path, bytes);
        var plan = ImagePreflight.Plan(Sizes(64), Tree(8), Identity);

        var bios = BootPartitions.Bios(path, plan)!;

        bios.MbrBootCode.ToArray().Should().Equal(bytes[..440]);
        using var stream = bios.Partition!.Open();
        new BinaryReader(stream).ReadBytes(100_000).Should().Equal(bytes[(34 * 512)..]);
        bios.Partition.PartitionNumber.Should().Be(RedoxDiskLayout.BiosPartition);
    }

    [Fact]
    public void A_bios_loader_beyond_the_first_mib_is_refused()
    {
        var path = _scratch.PathOf("bootloader.bios");
        File.WriteAllBytes(path, new byte[2 * MiB]);

        var act = () => BootPartitions.Bios(path, ImagePreflight.Plan(Sizes(64), Tree(8), Identity));

        act.Should().Throw<ImageException>().WithMessage("*2097152 bytes; everything after its first 17408 must fit the 1031168-byte BIOS boot partition*");
    }
}
