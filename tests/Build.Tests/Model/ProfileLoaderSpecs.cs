using RedoxBuild.Model;
using RedoxBuild.Model.Profiles;

namespace RedoxBuild.Tests.Model;

/// <summary>Filesystem configs: every upstream field, upstream's include merge rules, and what is refused or ignored.</summary>
public class ProfileLoaderSpecs : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly DiagnosticBag _diagnostics = new();

    public void Dispose() => _tree.Dispose();

    private Profile LoadTemp(string file) => new ProfileLoader(_tree.Paths, _diagnostics).Load("t", _tree.PathOf(file));

    private string Refusal(string toml)
    {
        _tree.Write("p.toml", toml);
        return FluentActions.Invoking(() => LoadTemp("p.toml")).Should().Throw<ModelException>().Which.Message;
    }

    [Fact]
    public void Every_upstream_field_is_read()
    {
        var profile = ModelFixtures.LoadProfile("profiles/every-field.toml", _diagnostics);

        profile.General.Should().Be(new GeneralConfig(true, 512, 2, true, "secret", true, "build/bootloader.efi", true, "../cookbook"));
        profile.Packages.Values.Select(p => (p.Name.ToString(), p.Rule)).Should().Equal(
            ("curl", PackageRule.Binary), ("editor", PackageRule.Local), ("games", PackageRule.Ignore), ("host:redoxfs", PackageRule.Default),
            ("ion", PackageRule.Default), ("kernel", PackageRule.Source), ("llvm.runtime", PackageRule.Default), ("pinned", PackageRule.Default));
        profile.Packages["pinned"].Spec.Should().Be(new PackageSpec("1.0", "https://example.org/pinned.git", "../pinned"));
        profile.Packages["ion"].Position.ToString().Should().Be("profiles/every-field.toml:14:1");

        profile.Files.Should().HaveCount(3);
        profile.Files[0].Should().BeEquivalentTo(new { Path = "/etc/motd", Data = "hello\n", Mode = 0x180, Uid = 1000u, Gid = 1000u, Postinstall = true, Append = true, Symlink = false, Directory = false, RecursiveChown = false });
        profile.Files[1].Should().BeEquivalentTo(new { Path = "/home/user", Data = "", Directory = true, RecursiveChown = true, Mode = (int?)null, Uid = (uint?)null });
        profile.Files[2].Should().BeEquivalentTo(new { Path = "/bin", Data = "usr/bin", Symlink = true });

        profile.Users.Values.Single().Should().BeEquivalentTo(new { Name = "alice", Password = "pw", Uid = 1001u, Gid = 1002u, RealName = "Alice", Home = "/home/alice", Shell = "/usr/bin/bash" });
        profile.Groups.Values.Single().Should().BeEquivalentTo(new { Name = "wheel", Gid = 10u, Members = new[] { "alice", "root" } });
        _diagnostics.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Includes_load_depth_first_relative_to_the_including_file_with_the_file_itself_last()
    {
        var profile = ModelFixtures.LoadProfile("profiles/merge/top.toml");

        // common.toml is reached twice (a.toml and sub/b.toml) and, as upstream does, loaded twice.
        profile.Sources.Should().Equal(
            "profiles/merge/common.toml", "profiles/merge/a.toml", "profiles/merge/common.toml",
            "profiles/merge/sub/c.toml", "profiles/merge/sub/b.toml", "profiles/merge/top.toml");
        profile.Name.Should().Be("top");
        profile.Path.Should().Be(ModelFixtures.PathOf("profiles/merge/top.toml"));
    }

    [Fact]
    public void General_fields_take_the_last_value_set_but_prompt_keeps_the_base_value()
    {
        var general = ModelFixtures.LoadProfile("profiles/merge/top.toml").General;

        // a.toml and top.toml say prompt = true, but the base (the first layer, common.toml) says false.
        general.Prompt.Should().BeFalse();
        general.FilesystemSize.Should().Be(200);   // a: 100, then sub/b: 200
        general.EfiPartitionSize.Should().Be(2);   // only a
        general.SkipPartitions.Should().BeTrue();  // only top
        general.Cookbook.Should().Be("/opt/cookbook");
    }

    [Fact]
    public void Prompt_set_only_by_a_later_file_is_dropped_when_the_base_leaves_it_unset()
    {
        _tree.Write("base.toml", "[general]\nfilesystem_size = 64\n");
        _tree.Write("top.toml", "include = [\"base.toml\"]\n[general]\nprompt = true\n");

        var general = LoadTemp("top.toml").General;

        general.Prompt.Should().BeNull();
        general.FilesystemSize.Should().Be(64);
    }

    [Fact]
    public void Packages_users_and_groups_take_the_last_entry_per_key()
    {
        var profile = ModelFixtures.LoadProfile("profiles/merge/top.toml");

        profile.Packages.Values.Select(p => $"{p.Name}={p.Rule}").Should().Equal(
            "alpha=Default", "beta=Default", "common=Default", "dropped=Ignore", "gamma=Local", "shared=Binary", "top=Default");
        // "shared": common says binary, a says source, then common is loaded again for sub/b and says binary last.
        profile.Packages["shared"].Position.File.Should().Be("profiles/merge/common.toml");
        profile.Users.Keys.Should().Equal("alice", "bob");
        profile.Users["alice"].Should().BeEquivalentTo(new { Password = "from-top", Shell = (string?)null }, "a user entry is replaced whole");
        profile.Groups["team"].Should().BeEquivalentTo(new { Gid = 51u, Members = new[] { "alice", "bob" } });
    }

    [Fact]
    public void Ignore_in_a_later_file_overrides_a_package_an_include_added()
    {
        var profile = ModelFixtures.LoadProfile("profiles/merge/top.toml");

        profile.Packages["dropped"].Rule.Should().Be(PackageRule.Ignore);
        profile.Packages["dropped"].Position.File.Should().Be("profiles/merge/top.toml");
    }

    [Fact]
    public void Files_are_concatenated_in_merge_order_so_a_later_entry_for_a_path_is_written_later()
    {
        var files = ModelFixtures.LoadProfile("profiles/merge/top.toml").Files;

        files.Select(f => $"{f.Path}:{f.Data.Trim()}").Should().Equal(
            "/etc/common:common", "/etc/a:a", "/etc/common:common", "/etc/c:c", "/etc/b:b", "/etc/a:top wins");
    }

    [Fact]
    public void Our_tables_take_the_last_value_per_key_and_remember_which_file_set_it()
    {
        var profile = ModelFixtures.LoadProfile("profiles/merge/top.toml");

        profile.Vm.Should().BeEquivalentTo(new { Runner = VmRunner.Qemu, Cpus = 3, Memory = Engine.ByteSize.FromMiB(1024) });
        // A static network assembled from two files: mode and address in a.toml, gateway in sub/c.toml.
        profile.Network.Mode.Should().Be(NetworkMode.Static);
        profile.Network.Address!.ToString().Should().Be("10.0.0.2/24");
        profile.Network.Gateway!.ToString().Should().Be("10.0.0.1");
        profile.PositionOf("network", "gateway")!.Value.File.Should().Be("profiles/merge/sub/c.toml");
        profile.PositionOf("vm", "cpus")!.Value.ToString().Should().Be("profiles/merge/sub/b.toml:18:8");
        profile.PositionOf("vm", "hugepages").Should().BeNull();
    }

    [Fact]
    public void An_include_cycle_is_refused_with_the_chain()
    {
        var error = FluentActions.Invoking(() => ModelFixtures.LoadProfile("profiles/cycle/one.toml")).Should().Throw<ModelException>().Which;

        error.Message.Should().Be("profiles/cycle/nested/three.toml:1:12: include cycle: profiles/cycle/one.toml -> profiles/cycle/two.toml -> profiles/cycle/nested/three.toml -> profiles/cycle/one.toml");
        error.Location.Should().Be(new Engine.SourceLocation("profiles/cycle/nested/three.toml", 1, 12));
    }

    [Fact]
    public void A_file_including_itself_is_a_cycle_and_a_missing_include_names_where_it_looked()
    {
        Refusal("include = [\"p.toml\"]\n").Should().Be("p.toml:1:12: include cycle: p.toml -> p.toml");
        Refusal("include = [\"sub/none.toml\"]\n").Should().Be(
            "p.toml:1:12: included file \"sub/none.toml\" not found (looked for sub/none.toml; include paths are relative to the including file)");
    }

    [Fact]
    public void A_bad_value_in_an_include_is_refused_even_when_a_later_file_overrides_it()
    {
        _tree.Write("inc.toml", "[vm]\ncpus = \"four\"\n");

        Refusal("include = [\"inc.toml\"]\n[vm]\ncpus = 2\n").Should().Be("inc.toml:2:8: expected 'cpus' in [vm] to be an integer, found a string");
    }

    [Theory]
    [InlineData("[packages]\nion = \"sources\"\n", "p.toml:2:7: unknown rule \"sources\" for package 'ion'; expected one of: source, local, binary, ignore (or {} for the default)")]
    [InlineData("[packages]\nion = true\n", "p.toml:2:7: package 'ion' must be {}, a rule (\"source\", \"local\", \"binary\", \"ignore\") or a table { version, git, path }; found a boolean")]
    [InlineData("[packages]\n\"a/b\" = {}\n", "p.toml:2:1: \"a/b\" is not a package name: expected recipe, recipe.optional or host:recipe without spaces, '/' or empty parts")]
    [InlineData("[[files]]\npath = \"/etc/x\"\n", "p.toml:1:1: a [[files]] entry needs 'data': the file's content, the symlink's target, or \"\" for a directory")]
    [InlineData("[[files]]\ndata = \"x\"\n", "p.toml:1:1: missing required key 'path'")]
    [InlineData("[[files]]\npath = \"/x\"\ndata = \"y\"\nsymlink = true\ndirectory = true\n", "p.toml:1:1: [[files]] entry \"/x\" sets both symlink and directory; it can only be one")]
    [InlineData("[[files]]\npath = \"/x\"\ndata = \"\"\nmode = 0o17777\n", "p.toml:4:8: 'mode' must be between 0 and 4095 (0o0 to 0o7777), found 8191")]
    [InlineData("[users.bob]\nuid = -1\n", "p.toml:2:7: 'uid' must be between 0 and 4294967295, found -1")]
    [InlineData("[users]\nbob = \"x\"\n", "p.toml:2:7: expected 'bob' to be a table, found a string")]
    [InlineData("[groups.g]\nmembers = \"a\"\n", "p.toml:2:11: expected 'members' to be an array, found a string")]
    [InlineData("[general]\nfilesystem_size = 16\n", "p.toml:2:19: 'filesystem_size' in [general] must be between 32 and 4294967295 MiB, found 16")]
    [InlineData("[general]\nprompt = \"no\"\n", "p.toml:2:10: expected 'prompt' in [general] to be a boolean, found a string")]
    [InlineData("include = \"base.toml\"\n", "p.toml:1:11: expected 'include' to be an array, found a string")]
    public void Values_upstream_would_reject_are_refused_at_the_value(string toml, string message)
    {
        Refusal(toml).Should().Be(message);
    }

    [Fact]
    public void Unknown_keys_in_upstream_tables_are_warnings()
    {
        _tree.Write("p.toml", """
            repo_binary = true

            [general]
            promt = false

            [packages]
            ion = { version = "1", branch = "x" }

            [[files]]
            path = "/a"
            data = ""
            owner = "root"

            [users.u]
            passwd = "x"

            [groups.g]
            member = ["u"]
            """);

        LoadTemp("p.toml");

        _diagnostics.Warnings.Select(w => w.ToString()).Should().Equal(
            "p.toml:1:1: unknown key 'repo_binary' in the profile; upstream ignores it (known keys: include, general, packages, files, users, groups, vm, network, hardware, image)",
            "p.toml:4:1: unknown key 'promt' in [general]; upstream ignores it (did you mean 'prompt'? known keys: prompt, filesystem_size, efi_partition_size, skip_partitions, encrypt_disk, live_disk, write_bootloader, no_mount, cookbook)",
            "p.toml:7:24: unknown key 'branch' in package 'ion'; upstream ignores it (known keys: version, git, path)",
            "p.toml:12:1: unknown key 'owner' in [[files]]; upstream ignores it (known keys: path, data, symlink, directory, mode, uid, gid, recursive_chown, postinstall, append)",
            "p.toml:15:1: unknown key 'passwd' in [users.u]; upstream ignores it (did you mean 'password'? known keys: password, uid, gid, name, home, shell)",
            "p.toml:18:1: unknown key 'member' in [groups.g]; upstream ignores it (did you mean 'members'? known keys: gid, members)");
    }

    [Fact]
    public void A_missing_profile_file_is_refused()
    {
        FluentActions.Invoking(() => LoadTemp("none.toml")).Should().Throw<ModelException>()
            .WithMessage("profile file none.toml does not exist");
    }
}
