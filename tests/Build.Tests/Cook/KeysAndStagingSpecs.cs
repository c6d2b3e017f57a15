using RedoxBuild.Cook.Keys;
using RedoxBuild.Cook.Staging;

namespace RedoxBuild.Tests.Cook;

public class KeysAndStagingSpecs : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("redox-keys-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string Write(string relative, string content)
    {
        var path = Path.Combine(_temp, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Equal_inputs_give_equal_keys_and_any_change_gives_another()
    {
        KeyInput[] inputs = [new("recipe", "relibc"), new("source", "git:https://x@abc"), new("dep.kernel", "k1")];

        var a = ContentKey.Compute(inputs);
        var b = ContentKey.Compute(inputs);
        var c = ContentKey.Compute([.. inputs[..2], new("dep.kernel", "k2")]);
        var shifted = ContentKey.Compute([new("ab", "c")]);
        var shifted2 = ContentKey.Compute([new("a", "bc")]);

        a.Hex.Should().HaveLength(64).And.Be(b.Hex);
        c.Hex.Should().NotBe(a.Hex);
        shifted.Hex.Should().NotBe(shifted2.Hex, "inputs are length-prefixed");
    }

    [Fact]
    public void A_key_says_which_inputs_changed_since_the_previous_build()
    {
        var before = ContentKey.Compute([new("source", "git:u@1111"), new("dep.relibc", "aaaa"), new("patches", "none")]);
        var after = ContentKey.Compute([new("source", "git:u@2222"), new("dep.relibc", "aaaa"), new("env.STRIP", "off")]);

        after.DescribeChangesFrom(before).Should().Equal("source: git:u@1111 -> git:u@2222", "env.STRIP: added (off)", "patches: removed");
        ContentKey.FromJson(after.ToJson()).Should().BeEquivalentTo(after);
    }

    [Fact]
    public void Tree_hashes_follow_content_names_and_the_executable_bit_but_not_timestamps()
    {
        Write("a/recipe.toml", "[source]\n");
        var script = Write("a/build.sh", "echo hi\n");
        var first = TreeHash.Of(Path.Combine(_temp, "a"));

        File.SetLastWriteTimeUtc(script, DateTime.UtcNow.AddDays(-3));
        TreeHash.Of(Path.Combine(_temp, "a")).Should().Be(first);

        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var executable = TreeHash.Of(Path.Combine(_temp, "a"));
        executable.Should().NotBe(first);

        File.WriteAllText(script, "echo hello\n");
        TreeHash.Of(Path.Combine(_temp, "a")).Should().NotBe(executable);
        TreeHash.Of(Path.Combine(_temp, "missing")).Should().Be("absent");
    }

    [Fact]
    public void A_stage_is_published_whole_with_its_manifest_and_a_temporary_one_is_never_trusted()
    {
        var store = new StageStore(Path.Combine(_temp, "stages"));
        var temp = store.BeginTemporary("k1");
        File.WriteAllText(Path.Combine(temp, "stage", "hello"), "x");
        store.TryGet("k1").Should().BeNull("nothing is published until Commit");

        var output = store.Commit(temp, "k1", "hello", "x86_64-unknown-linux-gnu", 1.5);

        output.Manifest.Files.Should().ContainSingle(f => f.Path == "hello" && f.Size == 1);
        store.TryGet("k1")!.Manifest.FileListDigest.Should().Be(output.Manifest.FileListDigest);
        Directory.Exists(temp).Should().BeFalse();
    }

    [Fact]
    public void The_second_commit_of_the_same_key_is_dropped()
    {
        var store = new StageStore(Path.Combine(_temp, "stages"));
        var first = store.BeginTemporary("k");
        var second = store.BeginTemporary("k");
        File.WriteAllText(Path.Combine(first, "stage", "f"), "1");
        File.WriteAllText(Path.Combine(second, "stage", "f"), "1");

        store.Commit(first, "k", "r", "t", 1);
        store.Commit(second, "k", "r", "t", 1);

        Directory.Exists(second).Should().BeFalse();
        File.ReadAllText(Path.Combine(store.PathFor("k"), "stage", "f")).Should().Be("1");
    }

    [Fact]
    public void A_sysroot_holds_the_dependencies_outputs_with_usr_merge_links_and_reports_conflicts()
    {
        var store = new StageStore(Path.Combine(_temp, "stages"));
        StagedOutput Stage(string key, string recipe, params (string Path, string Content)[] files)
        {
            var temp = store.BeginTemporary(key);
            foreach (var (path, content) in files)
            {
                var full = Path.Combine(temp, "stage", path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, content);
            }
            return store.Commit(temp, key, recipe, "t", 0);
        }
        var libc = Stage("k1", "relibc", ("usr/include/stdio.h", "int puts(const char*);"), ("usr/lib/libc.a", "AR"));
        var zlib = Stage("k2", "zlib", ("usr/include/zlib.h", "z"), ("usr/lib/libc.a", "other"));
        var sysroot = Path.Combine(_temp, "sysroot");
        File.WriteAllText(Path.Combine(_temp, "stale"), "");
        Directory.CreateDirectory(sysroot);
        File.WriteAllText(Path.Combine(sysroot, "stale.h"), "from a removed dependency");

        var conflicts = Sysroot.Assemble(sysroot, [libc, zlib]);

        File.ReadAllText(Path.Combine(sysroot, "include", "stdio.h")).Should().Be("int puts(const char*);");
        File.ReadAllText(Path.Combine(sysroot, "lib", "libc.a")).Should().Be("other");
        File.Exists(Path.Combine(sysroot, "stale.h")).Should().BeFalse();
        conflicts.Should().Equal("usr/lib/libc.a: zlib replaces relibc's copy");
    }
}
