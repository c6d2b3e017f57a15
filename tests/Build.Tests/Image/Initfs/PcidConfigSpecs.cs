using RedoxBuild.Image;
using RedoxBuild.Image.Initfs;
using RedoxBuild.Model;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Tests.Support;
using RedoxBuild.Toml;

namespace RedoxBuild.Tests.Image.Initfs;

public class PcidConfigSpecs
{
    [Theory]
    [InlineData("ahcid", "class=0x01 subclass=0x06")]
    [InlineData("nvmed", "class=0x01 subclass=0x08")]
    [InlineData("ided", "class=0x01 subclass=0x01")]
    [InlineData("virtio-blkd", "1AF4:1001 1AF4:1042")]
    [InlineData("virtio-fsd", "1AF4:105A")]
    [InlineData("virtio-netd", "1AF4:1000 1AF4:1041")]
    [InlineData("virtio-gpud", "1AF4:1050")]
    [InlineData("e1000d", "8086:100E")]
    [InlineData("bgad", "1234:1111")]
    [InlineData("ihdad", "8086:2668 8086:293E")]
    [InlineData("ac97d", "8086:2415")]
    [InlineData("rtl8168d", "10EC:8168 10EC:8136")]
    [InlineData("xhcid", "class=0x0C subclass=0x03")]
    [InlineData("sb16d", "")]
    public void The_registry_matches_each_driver_by_the_ids_nix_redox_lists(string driver, string ids)
    {
        var matches = PciDriverRegistry.Drivers[driver].Matches.Select(m => m.Vendor is { } v
            ? $"{v:X4}:{m.Device:X4}"
            : $"class=0x{m.Class:X2} subclass=0x{m.Subclass:X2}");

        string.Join(' ', matches).Should().Be(ids);
    }

    [Fact]
    public void Every_driver_hardware_can_name_is_in_the_registry()
    {
        var all = new HardwareSettings(Enum.GetValues<StorageDriver>(), Enum.GetValues<NetworkDriver>(), true, Enum.GetValues<GraphicsDriver>(),
            true, Enum.GetValues<AudioDriver>(), true);

        PciDriverRegistry.Selected(all).Select(d => d.Program).Should().Equal(
            "ahcid", "nvmed", "ided", "virtio-blkd", "virtio-fsd", "e1000d", "virtio-netd", "rtl8168d", "virtio-gpud", "bgad", "ihdad", "ac97d", "sb16d", "xhcid");
    }

    [Fact]
    public void Graphics_and_audio_drivers_count_only_when_enabled()
    {
        var hardware = HardwareSettings.Default with { GraphicsEnabled = false, AudioEnabled = false, Usb = false };

        PciDriverRegistry.Selected(hardware).Select(d => d.Program).Should().Equal("ahcid", "nvmed", "virtio-blkd", "e1000d", "virtio-netd");
    }

    [Theory]
    [InlineData("minimal")]
    [InlineData("default")]
    [InlineData("graphical")]
    [InlineData("cloud")]
    public void The_initfs_pcid_config_of_each_shipped_profile_matches_its_golden_file_and_parses(string name)
    {
        var profile = new ProfileLoader(new SourcePaths(RepoPaths.Root), new DiagnosticBag()).Load(name, TreeFacts.ShippedProfile(name));

        var config = PcidConfig.Render(PciDriverRegistry.Selected(profile.Hardware), PcidConfig.InitfsDriverDirectory, $"[hardware] of profiles/{name}.toml");

        Golden.AssertMatches($"tests/Build.Tests/Golden/image/pcid-{name}.toml", config);
        var drivers = TomlParser.Parse(System.Text.Encoding.UTF8.GetBytes(config), "pcid.toml").GetArray("drivers").GetTables();
        drivers.Should().OnlyContain(d => d.GetArray("command").GetStrings().Single().StartsWith("/scheme/initfs/lib/drivers/", StringComparison.Ordinal));
    }
}
