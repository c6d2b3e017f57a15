using RedoxBuild.Engine;
using RedoxBuild.Image;
using RedoxBuild.Image.Initfs;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Image.Initfs;

/// <summary>Gathering base's early-boot set, the size checks around the archiver, and a run of the stand-in archiver.</summary>
public class InitfsSpecs : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly ImageScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    public static string StandIn(string name) => Path.Combine(RepoPaths.Root, "tests", "Build.Tests", "Image", "StandIns", name);

    /// <summary>base and redoxfs stages laid out as InitfsSources reads them (x86_64: ps2d included).</summary>
    private InitfsSources Sources(int bootstrapBytes = 64, string[]? leaveOut = null)
    {
        var files = new Dictionary<string, string>();
        foreach (var daemon in InitfsSources.CommonDaemons.Append("ps2d")) files[$"usr/bin/{daemon}"] = $"general {daemon}\n";
        files["usr/lib/initfs/bin/init"] = "size-optimised init\n";
        foreach (var driver in new[] { "ahcid", "nvmed", "virtio-blkd", "e1000d", "virtio-netd", "rtl8168d" }) files[$"usr/lib/drivers/{driver}"] = driver + "\n";
        files["usr/lib/initfs/init.d/00_base"] = "rtcd\n";
        files["usr/lib/initfs/init.d/90_exit_initfs"] = "redoxfs --uuid $REDOXFS_UUID file $REDOXFS_BLOCK\n";
        files["usr/lib/initfs/bootstrap"] = new string('B', bootstrapBytes);
        foreach (var path in leaveOut ?? []) files.Remove(path);
        var baseStage = _scratch.Stage("base", files);
        var redoxfs = _scratch.Stage("redoxfs", new Dictionary<string, string> { ["usr/bin/redoxfs"] = "redoxfs daemon\n" });
        return new InitfsSources(baseStage.Tree, redoxfs.Tree, "x86_64");
    }

    private static HardwareSettings Hardware => HardwareSettings.Default with { Storage = [StorageDriver.VirtioBlkd, StorageDriver.Nvmed], Network = [NetworkDriver.E1000d] };

    [Fact]
    public void The_gathered_initfs_has_upstreams_layout_and_only_the_selected_drivers()
    {
        var content = InitfsGatherer.Gather(Sources(), Hardware, _scratch.PathOf("initfs"));

        content.Files.Should().BeEquivalentTo(
            InitfsSources.CommonDaemons.Append("ps2d").Append("redoxfs").Select(d => "bin/" + d)
                .Concat(["lib/drivers/virtio-blkd", "lib/drivers/nvmed", "lib/drivers/e1000d", "lib/init.d/00_base", "lib/init.d/90_exit_initfs", "lib/pcid.d/initfs.toml"]));
        File.ReadAllText(Path.Combine(content.Directory, "bin/init")).Should().Be("size-optimised init\n", "usr/lib/initfs/bin wins over usr/bin");
        File.ReadAllText(Path.Combine(content.Directory, "bin/redoxfs")).Should().Be("redoxfs daemon\n");
        File.ReadAllText(Path.Combine(content.Directory, "lib/pcid.d/initfs.toml")).Should()
            .Contain("command = [\"/scheme/initfs/lib/drivers/virtio-blkd\"]").And.Contain("device = 0x100E").And.NotContain("rtl8168d");
        content.Drivers.Should().Equal("virtio-blkd", "nvmed", "e1000d");
        content.Bytes.Should().Be(content.Files.Sum(f => new FileInfo(Path.Combine(content.Directory, f)).Length) + 64);
    }

    [Fact]
    public void Missing_parts_are_all_named_with_where_they_were_looked_for()
    {
        var sources = Sources(leaveOut: ["usr/bin/vesad", "usr/lib/drivers/nvmed", "usr/lib/initfs/bootstrap"]);

        var act = () => InitfsGatherer.Gather(sources, Hardware, _scratch.PathOf("initfs"));

        act.Should().Throw<ImageException>()
            .WithMessage("*vesad: looked for */usr/lib/initfs/bin/vesad, then */usr/bin/vesad*nvmed: looked for*bootstrap: */usr/lib/initfs/bootstrap*cook base again*");
    }

    private InitfsArchiveRequest Request(InitfsContent content, long maxBytes, string archiver) =>
        new(archiver, content, _scratch.PathOf("initfs.img"), maxBytes, "image.initfs_max_size = 1 MiB (profiles/tiny.toml)",
            mib => $"set image.initfs_max_size to at least {mib} in profiles/tiny.toml", 1_700_000_000);

    [Fact]
    public async Task An_initfs_over_the_limit_fails_before_the_archiver_runs_naming_sizes_and_setting()
    {
        var content = InitfsGatherer.Gather(Sources(bootstrapBytes: (int)(2 * MiB)), Hardware, _scratch.PathOf("initfs"));
        var session = new TestSession(_scratch.Root);

        var act = () => new InitfsArchiver(session.Processes).PackAsync(Request(content, 1 * MiB, StandIn("redox-initfs-ar-stand-in.sh")));

        (await act.Should().ThrowAsync<ImageException>()).Which.Message.Should().Be(
            $"The initfs needs 2.0 MiB ({content.Files.Count} files gathered in {content.Directory}, plus the 2.0 MiB bootstrap) but the limit is 1 MiB, " +
            "image.initfs_max_size = 1 MiB (profiles/tiny.toml); set image.initfs_max_size to at least 3 in profiles/tiny.toml, or drop drivers from [hardware] (virtio-blkd, nvmed, e1000d).");
        File.Exists(_scratch.PathOf("initfs.img.args")).Should().BeFalse("the archiver never ran");
    }

    [Fact]
    public async Task An_archive_that_grows_over_the_limit_is_caught_after_the_archiver()
    {
        var content = InitfsGatherer.Gather(Sources(), Hardware, _scratch.PathOf("initfs"));
        // A stand-in that ignores --max-size and writes 2 MiB, as a broken or different archiver might.
        var careless = _scratch.Write("careless-initfs-ar-stand-in.sh", "#!/bin/sh\nhead -c 2097152 /dev/zero > \"$4\"\n");
        File.SetUnixFileMode(careless, (UnixFileMode)Convert.ToInt32("755", 8));

        var act = () => new InitfsArchiver(new TestSession(_scratch.Root).Processes).PackAsync(Request(content, 1 * MiB, careless));

        (await act.Should().ThrowAsync<ImageException>()).Which.Message.Should().Be(
            $"The initfs archive {_scratch.PathOf("initfs.img")} is 2.0 MiB, over the 1 MiB limit, image.initfs_max_size = 1 MiB (profiles/tiny.toml); " +
            "set image.initfs_max_size to at least 3 in profiles/tiny.toml, or drop drivers from [hardware].");
    }

    [RequiresToolsFact("tar")]
    public async Task The_stand_in_archiver_gets_upstreams_command_line_and_prepends_the_bootstrap()
    {
        var content = InitfsGatherer.Gather(Sources(), Hardware, _scratch.PathOf("initfs"));
        var request = Request(content, 8 * MiB, StandIn("redox-initfs-ar-stand-in.sh"));

        var size = await new InitfsArchiver(new TestSession(_scratch.Root).Processes).PackAsync(request);

        File.ReadAllLines(request.Output + ".args").Should().Equal(content.Directory, content.Bootstrap, "-o", request.Output, "--max-size", "8388608");
        var archive = File.ReadAllBytes(request.Output);
        size.Should().Be(archive.Length);
        System.Text.Encoding.ASCII.GetString(archive, 0, 64).Should().Be(new string('B', 64));
        Tool(request.Output).Should().Contain("./lib/pcid.d/initfs.toml").And.Contain("./bin/redoxfs");

        static string Tool(string archive) => Disk.Tool.Run("sh", "-c", $"tail -c +65 '{archive}' | tar -tf -").Stdout;
    }

    [Fact]
    public async Task A_dry_run_prints_the_archiver_command_and_touches_nothing()
    {
        var content = new InitfsContent(_scratch.PathOf("initfs"), "/stages/k/stage/usr/lib/initfs/bootstrap", [], 0, []);
        var session = new TestSession(_scratch.Root, dryRun: true);

        var size = await new InitfsArchiver(session.Processes).PackAsync(Request(content, 64 * MiB, "/opt/redox-initfs-ar"));

        size.Should().Be(0);
        session.Processes.Planned.Single().ShellLine.Should().Be(
            $"(cd {_scratch.Root} && env SOURCE_DATE_EPOCH=1700000000 /opt/redox-initfs-ar {_scratch.PathOf("initfs")} /stages/k/stage/usr/lib/initfs/bootstrap -o {_scratch.PathOf("initfs.img")} --max-size 67108864)");
        Directory.Exists(_scratch.PathOf("initfs")).Should().BeFalse();
    }
}
