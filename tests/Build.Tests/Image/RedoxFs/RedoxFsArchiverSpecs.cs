using RedoxBuild.Image;
using RedoxBuild.Image.Initfs;
using RedoxBuild.Image.RedoxFs;
using RedoxBuild.Image.RootTree;
using RedoxBuild.Tests.Image.Initfs;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Image.RedoxFs;

public class RedoxFsArchiverSpecs : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly ImageScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task The_archiver_command_lines_match_the_golden_file()
    {
        // Fixed, machine-independent paths: a dry run needs none of them to exist.
        var session = new TestSession(_scratch.Root, dryRun: true);
        var owners = new[] { new PathOwner("home/user", 1000, 1000), new PathOwner("home/user/.config", 1000, 1000), new PathOwner("srv/shared", 0, 50) };
        await new InitfsArchiver(session.Processes).PackAsync(new InitfsArchiveRequest("/opt/redox/redox-initfs-ar",
            new InitfsContent("/build/work/images/default/initfs", "/build/work/stages/1f2e/stage/usr/lib/initfs/bootstrap", [], 0, []),
            "/build/work/images/default/initfs.img", 64 * MiB, "image.initfs_max_size = 64 MiB", _ => "", 1_700_000_000));
        await new RedoxFsArchiver(session.Processes).CreateAsync(new RedoxFsRequest("/opt/redox/redoxfs-ar", "/build/work/images/default/root",
            "/build/work/images/default/redoxfs.img", 765 * MiB, owners, 1_700_000_000));

        Golden.AssertMatches("tests/Build.Tests/Golden/image/archiver-commands.sh", string.Join("\n", session.Processes.Planned.Select(p => p.ShellLine)) + "\n");
        File.Exists("/build/work/images/default/redoxfs.img").Should().BeFalse("a dry run allocates nothing");
    }

    [RequiresToolsFact("find", "awk", "dd")]
    public async Task The_stand_in_archiver_fills_the_preallocated_image_with_its_listing_and_keeps_the_size()
    {
        var root = _scratch.PathOf("root");
        Directory.CreateDirectory(Path.Combine(root, "home", "user"));
        _scratch.Write("root/etc/passwd", "user;1000;1000;user;/home/user;/bin/ion\n");
        File.CreateSymbolicLink(Path.Combine(root, "bin"), "usr/bin");
        var request = new RedoxFsRequest(InitfsSpecs.StandIn("redoxfs-ar-stand-in.sh"), root, _scratch.PathOf("redoxfs.img"), 4 * MiB,
            [new PathOwner("home/user", 1000, 1000)], 1_700_000_000);

        await new RedoxFsArchiver(new TestSession(_scratch.Root).Processes).CreateAsync(request);

        new FileInfo(request.ImagePath).Length.Should().Be(4 * MiB);
        File.ReadAllLines(request.ImagePath + ".args").Should().Equal("--uid", "0", "--gid", "0", "--chown", "home/user:1000:1000", request.ImagePath, root);
        var listing = System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(request.ImagePath)).TrimEnd('\0').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        listing.Should().Equal(
            "REDOXFS-STAND-IN v1 (a listing, not a RedoxFS)",
            "l 777 7 0:0 bin",
            "d 755 0 0:0 etc",
            "f 644 40 0:0 etc/passwd",
            "d 755 0 0:0 home",
            "d 755 0 1000:1000 home/user");
    }

    [Fact]
    public async Task An_archiver_that_changes_the_image_size_is_reported()
    {
        var growing = _scratch.Write("growing-redoxfs-ar-stand-in.sh", "#!/bin/sh\n# A broken stand-in: appends to the image instead of filling it.\nfor last; do :; done\necho extra >> \"$(dirname \"$last\")/redoxfs.img\"\n");
        File.SetUnixFileMode(growing, (UnixFileMode)Convert.ToInt32("755", 8));
        Directory.CreateDirectory(_scratch.PathOf("root"));

        var act = () => new RedoxFsArchiver(new TestSession(_scratch.Root).Processes).CreateAsync(
            new RedoxFsRequest(growing, _scratch.PathOf("root"), _scratch.PathOf("redoxfs.img"), MiB, [], 0));

        (await act.Should().ThrowAsync<ImageException>()).WithMessage($"*changed the size of {_scratch.PathOf("redoxfs.img")} from 1048576 to 1048582 bytes*");
    }
}
