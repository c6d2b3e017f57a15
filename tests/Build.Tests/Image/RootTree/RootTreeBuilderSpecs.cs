using RedoxBuild.Image.RootTree;
using RedoxBuild.Model;
using RedoxBuild.Toml;

namespace RedoxBuild.Tests.Image.RootTree;

/// <summary>The root tree against upstream's installer: order, modes, links, accounts, generated files and owners.</summary>
public class RootTreeBuilderSpecs : IDisposable
{
    private const long Epoch = 1_700_000_000;
    private readonly ImageScratch _scratch = new();
    private readonly List<string> _log = [];
    private readonly ImageRoot _tree;

    public RootTreeBuilderSpecs()
    {
        var profile = _scratch.Profile("""
            [general]
            prompt = false

            [packages]
            hello = {}

            [[files]]
            path = "/usr/bin"
            data = ""
            directory = true

            [[files]]
            path = "/bin"
            data = "usr/bin"
            symlink = true

            [[files]]
            path = "/etc/motd"
            data = "from the profile\n"

            [[files]]
            path = "/etc/issue"
            data = "postinstall wins\n"
            postinstall = true

            [[files]]
            path = "/etc/profile"
            data = "appended line\n"
            append = true
            postinstall = true

            [[files]]
            path = "/tmp"
            data = ""
            directory = true
            mode = 0o1777

            [[files]]
            path = "/srv/data/secret"
            data = "s\n"
            mode = 0o600
            uid = 1000
            gid = 1000

            [[files]]
            path = "/srv/shared"
            data = ""
            directory = true
            gid = 50
            recursive_chown = true
            postinstall = true

            [users.root]
            password = "pw"
            uid = 0
            gid = 0
            home = "/root"

            [users.user]
            password = ""

            [network]
            mode = "static"
            address = "10.0.0.2/24"
            gateway = "10.0.0.1"
            """);
        var stage = _scratch.Stage("hello", new Dictionary<string, string>
        {
            ["usr/bin/hello"] = "#!/bin/ion\n",
            ["usr/bin/hi"] = "-> hello",
            ["bin/tool"] = "tool\n",
            ["etc/motd"] = "from the package\n",
            ["etc/issue"] = "package issue\n",
            ["etc/profile"] = "package profile\n",
            ["usr/lib/os-release"] = "NAME=\"Redox OS\"\n",
            ["srv/shared/x"] = "x\n",
        }, new Dictionary<string, string> { ["usr/bin/hello"] = "4755" });
        var packages = new[] { PackageContent.From(new PackageName("hello"), TestRecipes.Make("hello"), stage) };
        _tree = new RootTreeBuilder(_log.Add).Build(profile, packages, _scratch.PathOf("root"),
            new RootTreeOptions("test", "0123456789abcdef", new PasswordHashing(true, Epoch), Epoch));
    }

    public void Dispose() => _scratch.Dispose();

    private string In(string path) => Path.Combine(_tree.Directory, path);

    private string Text(string path) => File.ReadAllText(In(path));

    [Fact]
    public void Files_come_before_packages_and_postinstall_files_after_them()
    {
        Text("etc/motd").Should().Be("from the package\n", "a package replaces a file the profile wrote before it");
        Text("etc/issue").Should().Be("postinstall wins\n");
        Text("etc/profile").Should().Be("package profile\nappended line\n", "append adds to what the package installed");
        _log.Should().Contain(l => l.Contains("Installed hello") && l.Contains("etc/motd"));
    }

    [Fact]
    public void Links_are_kept_and_package_paths_resolve_through_the_usr_merge_link()
    {
        TreeFacts.LinkTarget(In("bin")).Should().Be("usr/bin");
        File.Exists(In("usr/bin/tool")).Should().BeTrue("the stage's bin/tool lands in usr/bin through the /bin link");
        TreeFacts.LinkTarget(In("usr/bin/hi")).Should().Be("hello");
    }

    [Fact]
    public void Modes_default_to_0644_and_0755_and_keep_what_the_profile_and_stage_say()
    {
        TreeFacts.Mode(In("usr/bin/hello")).Should().Be("4755");
        TreeFacts.Mode(In("tmp")).Should().Be("1777");
        TreeFacts.Mode(In("srv/data/secret")).Should().Be("600");
        TreeFacts.Mode(In("srv/data")).Should().Be("755");
        TreeFacts.Mode(In("etc/issue")).Should().Be("644");
    }

    [Fact]
    public void Accounts_files_homes_and_their_modes_follow_the_installer()
    {
        Text("etc/passwd").Should().Be("root;0;0;root;/root;/bin/ion\nuser;1000;1000;user;/home/user;/bin/ion\n");
        Text("etc/group").Should().Be("root;x;0;root\nuser;x;1000;user\n");
        Text("etc/shadow").Should().StartWith("root;$argon2id$").And.EndWith("\nuser;\n");
        (TreeFacts.Mode(In("etc/passwd")), TreeFacts.Mode(In("etc/shadow")), TreeFacts.Mode(In("etc/group"))).Should().Be(("644", "600", "600"));
        TreeFacts.Mode(In("home/user")).Should().Be("700");
        TreeFacts.Mode(In("root")).Should().Be("700");
        TreeFacts.Mode(In("home/user/Desktop")).Should().Be("700");
        TreeFacts.Mode(In("home/user/.config/user-dirs.dirs")).Should().Be("600");
        Directory.Exists(In("root/Desktop")).Should().BeFalse("XDG folders are made for uid 1000 and up only");
    }

    [Fact]
    public void Owners_are_recorded_for_the_archiver_not_applied_on_the_host()
    {
        var owners = _tree.Ownership.Resolve(_tree.Directory).ToDictionary(o => o.Path, o => $"{o.Uid}:{o.Gid}");

        owners["srv/data/secret"].Should().Be("1000:1000");
        owners["srv/shared"].Should().Be("0:50");
        owners["srv/shared/x"].Should().Be("0:50", "recursive_chown reaches what the package put there");
        owners["home/user"].Should().Be("1000:1000");
        owners["home/user/.config/user-dirs.dirs"].Should().Be("1000:1000");
        owners.Keys.Should().NotContain("root").And.NotContain("etc/shadow");
    }

    [Fact]
    public void Network_files_filesystem_toml_and_os_release_are_generated()
    {
        Text("etc/net/ip").Should().Be("10.0.0.2\n");
        Text("etc/net/ip_router").Should().Be("10.0.0.1\n");
        Text("usr/lib/os-release").Should().Be("NAME=\"Redox OS\"\nVARIANT=\"test\"\nBUILD_ID=\"0123456789abcdef\"\n");

        var config = TomlParser.Parse(File.ReadAllBytes(In("filesystem.toml")), "filesystem.toml");
        config.GetTable("packages").Keys.Should().Equal("hello");
        config.GetArray("files").Count.Should().Be(8);
        config.GetTable("users").GetTable("root").ContainsKey("password").Should().BeFalse();
        Text("filesystem.toml").Should().NotContain("\"pw\"");
        config.GetTable("network").GetString("address").Should().Be("10.0.0.2/24");
    }

    [Fact]
    public void Every_file_and_directory_is_dated_source_date_epoch()
    {
        var expected = DateTimeOffset.FromUnixTimeSeconds(Epoch).UtcDateTime;
        foreach (var item in TreeWalk.Items(_tree.Directory).Where(i => i.Kind != 'l'))
            File.GetLastWriteTimeUtc(item.Full).Should().Be(expected, item.Relative);
    }
}
