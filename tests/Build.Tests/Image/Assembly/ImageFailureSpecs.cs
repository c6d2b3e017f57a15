using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Image.Assembly;

/// <summary>The Initfs target, and size checks and --dry-run through the targets: they stop or print before anything is written.</summary>
[Collection(ImageBuilds.Name)]
public class ImageFailureSpecs(ImageBuildFixture fixture)
{
    [RequiresToolsFact("gcc", "ld", "objcopy", "/usr/include/efi/efi.h", "tar")]
    public async Task The_initfs_target_packs_the_profiles_initfs_into_the_images_folder()
    {
        var result = await fixture.RunAsync("Initfs", "--profile", fixture.Profile("fixture-initfs"));

        result.ExitCode.Should().Be(0, result.Out);
        var archive = Path.Combine(fixture.ImageDirectory("fixture-initfs"), "initfs.img");
        var work = fixture.WorkDirectory("fixture-initfs");
        File.ReadAllBytes(archive).Should().Equal(File.ReadAllBytes(Path.Combine(work, "initfs.img")));
        File.ReadAllLines(Path.Combine(work, "initfs.img.args"))[2..].Should().Equal("-o", Path.Combine(work, "initfs.img"), "--max-size", "4194304");
        Directory.Exists(Path.Combine(work, "root")).Should().BeFalse("the initfs needs no root tree");
    }

    [RequiresToolsFact("gcc", "ld", "objcopy", "/usr/include/efi/efi.h", "tar")]
    public async Task An_initfs_whose_inputs_did_not_change_is_not_packed_again()
    {
        (await fixture.RunAsync("Initfs", "--profile", fixture.Profile("fixture-initfs"))).ExitCode.Should().Be(0);
        var archive = Path.Combine(fixture.ImageDirectory("fixture-initfs"), "initfs.img");
        var packed = File.GetLastWriteTimeUtc(archive);

        var again = await fixture.RunAsync("Initfs", "--profile", fixture.Profile("fixture-initfs"));

        again.ExitCode.Should().Be(0, again.Out);
        again.Out.Should().Contain("initfs.img is up to date: its inputs did not change since it was packed");
        File.GetLastWriteTimeUtc(archive).Should().Be(packed);
    }

    [RequiresToolsFact("gcc", "ld", "objcopy", "/usr/include/efi/efi.h")]
    public async Task An_initfs_over_its_limit_stops_the_build_before_the_archiver_runs()
    {
        var result = await fixture.RunAsync("DiskImage", "--profile", fixture.Profile("fixture-small-initfs"));

        result.ExitCode.Should().Be(1);
        result.Out.Should().MatchRegex(@"The initfs needs 1\.\d MiB \(\d+ files gathered in .*fixture-small-initfs/initfs, plus the 1\.1 MiB bootstrap\) but the limit is 1 MiB, image\.initfs_max_size = 1 MiB \(fixture-small-initfs\.toml\); set image\.initfs_max_size to at least 2 in fixture-small-initfs\.toml");
        File.Exists(Path.Combine(fixture.WorkDirectory("fixture-small-initfs"), "initfs.img.args")).Should().BeFalse("the archiver never ran");
        Directory.Exists(fixture.ImageDirectory("fixture-small-initfs")).Should().BeFalse();
    }

    [RequiresToolsFact("gcc", "ld", "objcopy", "/usr/include/efi/efi.h", "tar")]
    public async Task A_root_tree_too_big_for_the_disk_fails_naming_the_numbers_before_writing()
    {
        var result = await fixture.RunAsync("DiskImage", "--profile", fixture.Profile("fixture-tight"), "--filesystem-size", "36", "--efi-partition-size", "32");

        result.ExitCode.Should().Be(1);
        result.Out.Should().MatchRegex(@"The root tree needs \d+ MiB of RedoxFS \(\d+ files, \d+ directories, \d+ links, \d+ MiB of data, initfs included\), but --filesystem-size 36 leaves 2 MiB for the REDOX partition after the 1 MiB BIOS boot and 32 MiB EFI partitions; pass a larger --filesystem-size \(at least \d+\)");
        Directory.Exists(fixture.ImageDirectory("fixture-tight")).Should().BeFalse();
        File.Exists(Path.Combine(fixture.WorkDirectory("fixture-tight"), "redoxfs.img.args")).Should().BeFalse("the RedoxFS archiver never ran");
    }

    [RequiresToolsFact("gcc", "ld", "objcopy", "/usr/include/efi/efi.h")]
    public async Task A_dry_run_prints_both_archiver_commands_and_writes_no_image()
    {
        var result = await fixture.RunAsync("DiskImage", "--profile", fixture.Profile("fixture-dry"), "--dry-run");

        result.ExitCode.Should().Be(0, result.Out);
        var work = fixture.WorkDirectory("fixture-dry");
        result.Out.Should().Contain($"redox-initfs-ar-stand-in.sh {work}/initfs ")
            .And.Contain($"/usr/lib/initfs/bootstrap -o {work}/initfs.img --max-size 4194304")
            .And.Contain($"redoxfs-ar-stand-in.sh --uid 0 --gid 0 --chown home/user:1000:1000 {work}/redoxfs.img {work}/root")
            .And.Contain("SOURCE_DATE_EPOCH=1700000000");
        Directory.Exists(work).Should().BeFalse("a dry run writes nothing");
        Directory.Exists(fixture.ImageDirectory("fixture-dry")).Should().BeFalse();
    }
}
