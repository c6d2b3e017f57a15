using System.Text.Json.Nodes;
using RedoxBuild.Tests.Image.Disk;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Image.Assembly;

/// <summary>
/// ./build.sh DiskImage and LiveImage end to end on cooked fixture recipes: the firmware boots the result, sgdisk and
/// fsck.fat accept it, equal inputs give equal bytes, and the size checks stop a build before anything is written.
/// </summary>
[Collection(ImageBuilds.Name)]
public class DiskImageSpecs(ImageBuildFixture fixture)
{
    private const string Gnuefi = "/usr/include/efi/efi.h";
    private const long MiB = 1024 * 1024;

    private async Task<(string Image, JsonNode Manifest)> BuildAsync(string target = "DiskImage", string profile = "fixture")
    {
        fixture.Cooked!.ExitCode.Should().Be(0, fixture.Cooked.Out);
        var result = await fixture.RunAsync(target, "--profile", fixture.Profile(profile));
        result.ExitCode.Should().Be(0, result.Out);
        var live = target == "LiveImage";
        var directory = fixture.ImageDirectory(profile);
        return (Path.Combine(directory, live ? "livedisk.iso" : "harddrive.img"),
            ImageBuildFixture.Manifest(Path.Combine(directory, live ? "livedisk.manifest.json" : "manifest.json")));
    }

    private static byte[] Slice(string image, JsonNode partition)
    {
        using var stream = File.OpenRead(image);
        stream.Position = (long)partition["offset_bytes"]!;
        var bytes = new byte[(long)partition["size_bytes"]!];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static JsonNode Partition(JsonNode manifest, string name) => manifest["partitions"]!.AsArray().Single(p => (string)p!["name"]! == name)!;

    [RequiresToolsFact("gcc", "ld", "objcopy", Gnuefi, "tar", "sgdisk", "fsck.fat", "mcopy", OvmfBoot.Qemu, OvmfBoot.Code, OvmfBoot.Vars)]
    public async Task The_image_boots_under_OVMF_and_sgdisk_and_fsck_fat_find_nothing_wrong()
    {
        var (image, manifest) = await BuildAsync();
        using var scratch = new TempDir();

        Tool.Run("sgdisk", "-v", image).Stdout.Should().Contain("No problems found.");
        var esp = scratch.File("esp.img");
        File.WriteAllBytes(esp, Slice(image, Partition(manifest, "EFI")));
        Tool.Run("fsck.fat", "-n", esp).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2, "banner and summary, no complaints");
        Tool.Run("mcopy", "-i", esp, "::EFI/BOOT/BOOTX64.EFI", scratch.File("BOOTX64.EFI")).ExitCode.Should().Be(0);
        File.ReadAllBytes(scratch.File("BOOTX64.EFI")).Should().Equal(File.ReadAllBytes(Path.Combine(fixture.WorkDirectory("fixture"), "root", "usr", "lib", "boot", "bootloader.efi")));

        var (exitCode, serial) = OvmfBoot.Run(image, scratch.Path);

        serial.Should().Contain(ImageBuildFixture.Marker);
        exitCode.Should().Be(0, "the loader powers the machine off and -no-reboot makes qemu exit cleanly");
    }

    [RequiresToolsFact("gcc", "ld", "objcopy", Gnuefi, "tar")]
    public async Task The_redox_partition_holds_the_root_tree_with_kernel_initfs_and_owners()
    {
        var (image, manifest) = await BuildAsync();

        var listing = System.Text.Encoding.UTF8.GetString(Slice(image, Partition(manifest, "REDOX"))).TrimEnd('\0').Split('\n');

        listing[0].Should().Be("REDOXFS-STAND-IN v1 (a listing, not a RedoxFS)");
        listing.Should().Contain("f 644 65536 0:0 usr/lib/boot/kernel")
            .And.Contain($"f 644 {(long)manifest["initfs"]!["bytes"]!} 0:0 usr/lib/boot/initfs")
            .And.Contain("d 700 0 1000:1000 home/user")
            .And.Contain("f 644 32 0:0 usr/share/greeting/hello.txt", "runtime dependencies are installed")
            .And.Contain("f 644 11 0:0 usr/share/doc/hello/README", "the optional package hello.docs is installed")
            .And.Contain("l 777 12 0:0 dev/null")
            .And.Contain("d 1777 0 0:0 tmp");
        listing.Should().ContainSingle(l => l.StartsWith("f 600 ", StringComparison.Ordinal) && l.EndsWith(" 0:0 etc/shadow", StringComparison.Ordinal));
        var initfs = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(fixture.WorkDirectory("fixture"), "initfs", "lib", "pcid.d", "initfs.toml")));
        initfs.Should().Contain("virtio-blkd").And.Contain("virtio-netd").And.NotContain("ahcid");
        File.ReadAllText(Path.Combine(fixture.WorkDirectory("fixture"), "root", "etc", "net", "ip")).Should().Be("10.0.2.15\n");
    }

    [RequiresToolsFact("gcc", "ld", "objcopy", Gnuefi, "tar")]
    public async Task Two_builds_from_the_same_inputs_are_byte_identical_and_sparse()
    {
        var (image, first) = await BuildAsync();
        var firstBytes = await File.ReadAllBytesAsync(image);
        File.Delete(image); // otherwise the second run finds it up to date and writes nothing

        var (_, second) = await BuildAsync();

        (await File.ReadAllBytesAsync(image)).Should().Equal(firstBytes);
        ((string)second["sha256"]!).Should().Be((string)first["sha256"]!).And.Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(firstBytes)));
        var allocated = Tool.Run("stat", "-c", "%b %B", image).Stdout.Split(' ').Select(long.Parse).Aggregate((blocks, size) => blocks * size);
        allocated.Should().BeLessThan(24 * MiB, "a 48 MiB image of a few MiB of content is written sparse");
    }

    [RequiresToolsFact("gcc", "ld", "objcopy", Gnuefi, "tar")]
    public async Task An_image_whose_inputs_did_not_change_is_not_written_again_but_a_touched_image_is()
    {
        var (image, _) = await BuildAsync();
        var written = File.GetLastWriteTimeUtc(image);

        var again = await fixture.RunAsync("DiskImage", "--profile", fixture.Profile("fixture"));

        again.ExitCode.Should().Be(0, again.Out);
        again.Out.Should().Contain("harddrive.img is up to date: its inputs did not change");
        File.GetLastWriteTimeUtc(image).Should().Be(written);

        using (var stream = File.OpenWrite(image)) stream.WriteByte(0x5a); // someone wrote to the image (e.g. booted it without an overlay)
        var rebuilt = await fixture.RunAsync("DiskImage", "--profile", fixture.Profile("fixture"));

        rebuilt.ExitCode.Should().Be(0, rebuilt.Out);
        rebuilt.Out.Should().NotContain("is up to date").And.Contain("Wrote ").And.Contain("harddrive.img is not the file this build wrote");
        var kept = Directory.GetFiles(Path.GetDirectoryName(image)!, "harddrive.img.modified-*").Should().ContainSingle().Subject;
        File.ReadAllBytes(kept)[0].Should().Be(0x5a, "the changed image is kept, not built over");
        File.Delete(kept);
    }

    [RequiresToolsFact("gcc", "ld", "objcopy", Gnuefi, "tar")]
    public async Task The_manifest_matches_its_golden_file_with_machine_dependent_values_normalised()
    {
        var (_, manifest) = await BuildAsync();

        Golden.AssertMatches("tests/Build.Tests/Golden/image/manifest.json", ManifestGolden.Normalise(manifest));
    }

    [RequiresToolsFact("gcc", "ld", "objcopy", Gnuefi, "tar", OvmfBoot.Qemu, OvmfBoot.Code, OvmfBoot.Vars)]
    public async Task The_live_image_boots_the_live_loader_and_leaves_it_beside_the_image()
    {
        var (image, manifest) = await BuildAsync("LiveImage");
        using var scratch = new TempDir();

        ((string)manifest["variant"]!).Should().Be("live");
        File.Exists(Path.Combine(fixture.ImageDirectory("fixture"), "bootloader-live.efi")).Should().BeTrue();
        var (exitCode, serial) = OvmfBoot.Run(image, scratch.Path);

        serial.Should().Contain(ImageBuildFixture.LiveMarker).And.NotContain(ImageBuildFixture.Marker);
        exitCode.Should().Be(0);
    }
}
