using RedoxBuild.Cook.Containers;
using RedoxBuild.Engine;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.Containers;

/// <summary>Who the container's scripts run as, and which folders it mounts.</summary>
public sealed class BuilderContainerPartsSpecs : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("rdx-builder-parts-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string Id(string flag) => GitRepo.RunTool("/", "id", flag).Trim();

    [Fact]
    public void Under_sudo_the_user_who_ran_sudo_is_the_container_user_otherwise_the_process_user()
    {
        var underSudo = ContainerUser.Invoking(new Dictionary<string, string> { ["SUDO_UID"] = "1234", ["SUDO_GID"] = "5678" });
        var plain = ContainerUser.Invoking(new Dictionary<string, string>());

        plain.ToString().Should().Be($"{Id("-u")}:{Id("-g")}");
        if (Id("-u") == "0") underSudo.Should().Be(new ContainerUser(1234, 5678));
        else underSudo.Should().Be(plain, "SUDO_UID only counts when the build really runs as root");
    }

    [Theory]
    [InlineData("1000")]
    [InlineData("alice:staff")]
    [InlineData("1000:-1")]
    public void A_container_user_that_is_not_two_numbers_is_refused_with_an_example(string text)
    {
        var act = () => ContainerUser.Parse(text);

        act.Should().Throw<BuildFailure>().WithMessage($"--container-user {text}: expected UID:GID in numbers, e.g. --container-user {Id("-u")}:{Id("-g")} (see: id -u; id -g).");
    }

    [Fact]
    public void Handing_over_a_directory_as_root_gives_it_to_the_container_user()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_temp, "stage")).FullName;

        new ContainerUser(4242, 4343).HandOver(directory);

        var owner = GitRepo.RunTool("/", "stat", "-c", "%u:%g", directory).Trim();
        owner.Should().Be(Id("-u") == "0" ? "4242:4343" : $"{Id("-u")}:{Id("-g")}", "only root can give a folder away, and only a root build needs to");
    }

    [Fact]
    public void Output_chunks_become_whole_lines_per_stream_even_when_a_line_or_a_character_is_split()
    {
        var lines = new List<(string, bool)>();
        var splitter = new OutputLines((line, error) => lines.Add((line, error)));
        var bytes = System.Text.Encoding.UTF8.GetBytes("größe: 1\r\nzwei");

        splitter.Write(bytes[..3], 3, RedoxBuild.Docker.MultiplexedStream.TargetStream.StandardOut); // "gr" and half of "ö"
        splitter.Write("warn\n"u8.ToArray(), 5, RedoxBuild.Docker.MultiplexedStream.TargetStream.StandardError);
        splitter.Write(bytes[3..], bytes.Length - 3, RedoxBuild.Docker.MultiplexedStream.TargetStream.StandardOut);
        splitter.Flush();

        lines.Should().Equal(("warn", true), ("größe: 1", false), ("zwei", false));
    }

    [Fact]
    public async Task In_a_container_build_the_builder_image_stands_for_the_host_compilers_and_joins_the_Redox_prefix_record()
    {
        var record = RedoxBuild.Cook.Keys.ToolchainIdentity.RecordPath(_temp, RedoxBuild.Cook.Scripting.TargetPlatform.Redox);
        Directory.CreateDirectory(Path.GetDirectoryName(record)!);
        File.WriteAllText(record, "{\"rust\":\"nightly-2026-05-24\"}");
        var asked = 0;
        var identity = new RedoxBuild.Cook.Keys.ToolchainIdentity(new TestSession(_temp).Processes, _temp, () => Task.FromResult($"sha256:{++asked:d4}"));

        var host = await identity.ForAsync(RedoxBuild.Cook.Scripting.TargetPlatform.Host);
        var redox = await identity.ForAsync(RedoxBuild.Cook.Scripting.TargetPlatform.Redox);

        host.Should().Be("container:sha256:0001", "no host rustc or gcc is asked: they are not what compiles");
        redox.Should().Be($"prefix:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(record)))}\ncontainer:sha256:0002");
    }

    [Fact]
    public void Mounts_drop_folders_inside_other_mounts_and_read_only_folders_inside_writable_ones()
    {
        var mounts = BuilderMounts.For(["/src/redox", "/src/redox/build", "/home/me/.cache/redox-build", "/src/redox/"], ["/src/redox/recipes", "/opt/cookbook/recipes"]);

        mounts.Writable.Should().Equal("/src/redox", "/home/me/.cache/redox-build");
        mounts.ReadOnly.Should().Equal("/opt/cookbook/recipes");
        mounts.Binds.Should().Equal("/src/redox:/src/redox", "/home/me/.cache/redox-build:/home/me/.cache/redox-build", "/opt/cookbook/recipes:/opt/cookbook/recipes:ro");
        mounts.FirstOutside(["/src/redox/build/work/x", "/opt/cookbook/recipes/core/kernel", "/src/redox-other/x"]).Should().Be("/src/redox-other/x");
        mounts.FirstOutside(["/src/redox"]).Should().BeNull();
    }

    [Fact]
    public void A_build_folder_that_is_a_symbolic_link_also_mounts_its_target()
    {
        var root = Directory.CreateDirectory(Path.Combine(_temp, "checkout")).FullName;
        var elsewhere = Directory.CreateDirectory(Path.Combine(_temp, "big-disk", "redox-build")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(root, "build"), elsewhere);

        var mounts = BuilderMounts.For([root, Path.Combine(root, "build")], []);

        mounts.Writable.Should().Equal(root, elsewhere);
    }
}
