using RedoxBuild.Image.RootTree;
using RedoxBuild.Toml;

namespace RedoxBuild.Tests.Image.RootTree;

public class FilesystemTomlSpecs : IDisposable
{
    private readonly ImageScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void The_merged_profile_round_trips_through_the_toml_parser_without_passwords()
    {
        _scratch.Write("profiles/base.toml", "[general]\nprompt = false\nfilesystem_size = 256\nencrypt_disk = \"secret\"\n[packages]\nkibi = {}\n[users.root]\npassword = \"hunter2\"\nuid = 0\n");
        var profile = _scratch.Profile("""
            include = ["base.toml"]
            [general]
            filesystem_size = 300
            [packages]
            kibi = "ignore"
            curl = "binary"
            ion = { version = "1.0", git = "https://example.org/ion.git" }
            [[files]]
            path = "/etc/motd"
            data = "line one\nline \"two\"\n"
            mode = 0o600
            postinstall = true
            [groups.sudo]
            gid = 1
            members = ["user"]
            [vm]
            memory = "4G"
            cpus = 2
            [network]
            dns = ["9.9.9.9"]
            """, "top");

        var text = FilesystemToml.Render(profile);
        var config = TomlParser.Parse(System.Text.Encoding.UTF8.GetBytes(text), "filesystem.toml");

        text.Should().StartWith("# The merged filesystem config of profile \"top\" (profiles/base.toml + profiles/top.toml).\n");
        text.Should().NotContain("hunter2").And.NotContain("secret").And.NotContain("password").And.NotContain("encrypt_disk");
        config.GetTable("general").GetInteger("filesystem_size").Should().Be(300);
        config.GetTable("general").GetBoolean("prompt").Should().BeFalse();
        var packages = config.GetTable("packages");
        packages.GetString("kibi").Should().Be("ignore");
        packages.GetString("curl").Should().Be("binary");
        packages.GetTable("ion").GetString("git").Should().Be("https://example.org/ion.git");
        var motd = config.GetArray("files").GetTables().Single();
        (motd.GetString("data"), motd.GetInteger("mode"), motd.GetBoolean("postinstall")).Should().Be(("line one\nline \"two\"\n", 384L, true));
        config.GetTable("users").GetTable("root").GetInteger("uid").Should().Be(0);
        config.GetTable("groups").GetTable("sudo").GetArray("members").GetStrings().Should().Equal("user");
        config.GetTable("vm").GetString("memory").Should().Be("4G");
        config.GetTable("network").GetArray("dns").GetStrings().Should().Equal("9.9.9.9");
    }
}
