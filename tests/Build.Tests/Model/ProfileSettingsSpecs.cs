using System.Net;
using RedoxBuild.Engine;
using RedoxBuild.Model;
using RedoxBuild.Model.Profiles;

namespace RedoxBuild.Tests.Model;

/// <summary>Our typed tables ([vm], [network], [hardware], [image]): defaults, values and every check.</summary>
public class ProfileSettingsSpecs : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly DiagnosticBag _diagnostics = new();

    public void Dispose() => _tree.Dispose();

    private Profile Load(string toml)
    {
        _tree.Write("p.toml", toml);
        return new ProfileLoader(_tree.Paths, _diagnostics).Load("p", _tree.PathOf("p.toml"));
    }

    private string Refusal(string toml) => FluentActions.Invoking(() => Load(toml)).Should().Throw<ModelException>().Which.Message;

    [Fact]
    public void Without_our_tables_every_setting_has_its_default()
    {
        var profile = Load("[packages]\nion = {}\n");

        profile.Vm.Should().Be(VmSettings.Default);
        profile.Vm.Should().BeEquivalentTo(new { Runner = VmRunner.CloudHypervisor, Cpus = 4, Memory = ByteSize.FromMiB(2048), Tap = false, TapInterface = "tap0", DirectIo = true });
        profile.Network.Mode.Should().Be(NetworkMode.Auto);
        profile.Network.Dns.Select(d => d.ToString()).Should().Equal("1.1.1.1", "8.8.8.8");
        profile.Network.Interface.Should().Be("eth0");
        profile.Hardware.Storage.Should().Equal(StorageDriver.Ahcid, StorageDriver.Nvmed, StorageDriver.VirtioBlkd);
        profile.Hardware.Network.Should().Equal(NetworkDriver.E1000d, NetworkDriver.VirtioNetd);
        profile.Hardware.GraphicsEnabled.Should().BeFalse();
        profile.Hardware.AudioEnabled.Should().BeFalse();
        profile.Image.InitfsMaxSize.Should().Be(64);
    }

    [Fact]
    public void Every_key_of_our_tables_is_read()
    {
        var profile = ModelFixtures.LoadProfile("profiles/every-field.toml", _diagnostics);

        profile.Vm.Should().BeEquivalentTo(new VmSettings(VmRunner.Qemu, 2, ByteSize.Parse("1G"), true, true, true, "tap-redox", true, true));
        profile.Network.Mode.Should().Be(NetworkMode.Static);
        profile.Network.Address.Should().Be(new InterfaceAddress(IPAddress.Parse("10.1.2.3"), 16));
        profile.Network.Gateway.Should().Be(IPAddress.Parse("10.1.0.1"));
        profile.Network.Dns.Should().Equal(IPAddress.Parse("9.9.9.9"));
        profile.Network.Interface.Should().Be("eth1");
        profile.Hardware.Should().BeEquivalentTo(new HardwareSettings(
            [StorageDriver.Ided, StorageDriver.VirtioFsd], [NetworkDriver.Rtl8168d], true, [GraphicsDriver.Bgad], true, [AudioDriver.Sb16d, AudioDriver.Ac97d], true));
        profile.Image.InitfsMaxSize.Should().Be(96);
        profile.PositionOf("vm", "runner").ToString().Should().Be("profiles/every-field.toml:56:10");
    }

    [Theory]
    [InlineData("[vm]\nmemory = 4096\n", 4096)]
    [InlineData("[vm]\nmemory = \"4G\"\n", 4096)]
    [InlineData("[vm]\nmemory = \"1536MiB\"\n", 1536)]
    public void Memory_is_a_size_or_a_number_of_MiB(string toml, long mib)
    {
        Load(toml).Vm.Memory.Should().Be(ByteSize.FromMiB(mib));
    }

    [Theory]
    [InlineData("[vm]\nrunner = \"kvm\"\n", "p.toml:2:10: unknown runner \"kvm\" in [vm]; expected one of: cloud-hypervisor, qemu")]
    [InlineData("[vm]\ncpus = 0\n", "p.toml:2:8: 'cpus' in [vm] must be between 1 and 254, found 0")]
    [InlineData("[vm]\nmemory = \"lots\"\n", "p.toml:2:10: 'memory' in [vm] must be a size such as \"2048M\" or \"2G\" (or a number of MiB), found \"lots\"")]
    [InlineData("[vm]\nmemory = \"32M\"\n", "p.toml:2:10: 'memory' in [vm] must be whole MiB and at least 256M, found 32M")]
    [InlineData("[vm]\ntap_interface = \"a-very-long-tap-name\"\n", "p.toml:2:17: 'tap_interface' in [vm] must be a network interface name of 1 to 15 characters, without spaces, '/', ',', ';' or ':', found \"a-very-long-tap-name\"")]
    [InlineData("[vm]\ngraphics = true\n", "p.toml:2:12: graphics = true in [vm] needs runner = \"qemu\": Cloud Hypervisor has no display Redox can drive")]
    [InlineData("[network]\nmode = \"bridge\"\n", "p.toml:2:8: unknown mode \"bridge\" in [network]; expected one of: auto, dhcp, static, none")]
    [InlineData("[network]\naddress = \"172.16.0.2\"\n", "p.toml:2:11: 'address' in [network] must be an IPv4 address with a prefix length, e.g. \"172.16.0.2/24\"; found \"172.16.0.2\"")]
    [InlineData("[network]\naddress = \"172.16.0.2/33\"\n", "p.toml:2:11: 'address' in [network] must be an IPv4 address with a prefix length, e.g. \"172.16.0.2/24\"; found \"172.16.0.2/33\"")]
    [InlineData("[network]\ngateway = \"::1\"\n", "p.toml:2:11: 'gateway' in [network] must be an IPv4 address such as \"172.16.0.1\", found \"::1\"")]
    [InlineData("[network]\ndns = [\"1.1.1.1\", \"dns.google\"]\n", "p.toml:2:19: 'dns' in [network] must be an IPv4 address such as \"172.16.0.1\", found \"dns.google\"")]
    [InlineData("[network]\nmode = \"static\"\n", "p.toml:2:8: network mode \"static\" needs 'address' (e.g. \"172.16.0.2/24\") and 'gateway' (e.g. \"172.16.0.1\") in [network]")]
    [InlineData("[network]\nmode = \"static\"\naddress = \"10.0.0.2/24\"\n", "p.toml:2:8: network mode \"static\" needs 'gateway' (e.g. \"172.16.0.1\") in [network]")]
    [InlineData("[network]\nmode = \"static\"\naddress = \"10.0.0.2/24\"\ngateway = \"10.0.1.1\"\n", "p.toml:4:11: gateway 10.0.1.1 is outside 10.0.0.2/24 (netmask 255.255.255.0); the guest could not reach it")]
    [InlineData("[hardware]\nnetwork = []\n", "p.toml:2:11: network mode \"auto\" needs at least one driver in 'network' of [hardware] (or set mode = \"none\" in [network])")]
    [InlineData("[hardware]\nstorage = [\"ahcid\", \"usb-storaged\"]\n", "p.toml:2:21: unknown storage \"usb-storaged\" in [hardware]; expected one of: ahcid, nvmed, ided, virtio-blkd, virtio-fsd")]
    [InlineData("[hardware]\nstorage = []\n", "p.toml:2:11: 'storage' in [hardware] needs at least one driver, or the system cannot find its root filesystem")]
    [InlineData("[hardware]\ngraphics_enable = true\ngraphics = []\n", "p.toml:3:12: graphics_enable = true needs at least one driver in 'graphics' of [hardware]")]
    [InlineData("[hardware]\naudio_enable = true\naudio = []\n", "p.toml:3:9: audio_enable = true needs at least one driver in 'audio' of [hardware]")]
    [InlineData("[hardware]\naudio = [\"hda\"]\n", "p.toml:2:10: unknown audio \"hda\" in [hardware]; expected one of: ihdad, ac97d, sb16d")]
    [InlineData("[image]\ninitfs_max_size = 0\n", "p.toml:2:19: 'initfs_max_size' in [image] must be between 1 and 4096 MiB, found 0")]
    public void Invalid_settings_are_refused_with_the_place_and_what_is_accepted(string toml, string message)
    {
        Refusal(toml).Should().Be(message);
    }

    [Fact]
    public void None_mode_needs_no_network_driver_and_duplicate_drivers_count_once()
    {
        var profile = Load("[network]\nmode = \"none\"\n[hardware]\nnetwork = []\nstorage = [\"nvmed\", \"nvmed\"]\n");

        profile.Network.Mode.Should().Be(NetworkMode.None);
        profile.Hardware.Storage.Should().Equal(StorageDriver.Nvmed);
    }

    [Fact]
    public void Unknown_keys_in_our_tables_are_warnings()
    {
        Load("[vm]\ncpu = 2\n[network]\nip = \"1.2.3.4\"\n[image]\nsize = 1\n");

        _diagnostics.Warnings.Select(w => w.ToString()).Should().Equal(
            "p.toml:2:1: unknown key 'cpu' in [vm]; upstream ignores it (did you mean 'cpus'? known keys: runner, cpus, memory, hugepages, direct_io, tap, tap_interface, api_socket, graphics)",
            "p.toml:4:1: unknown key 'ip' in [network]; upstream ignores it (known keys: mode, address, gateway, dns, interface)",
            "p.toml:6:1: unknown key 'size' in [image]; upstream ignores it (known keys: initfs_max_size)");
    }

    [Theory]
    [InlineData("172.16.0.2/24", "255.255.255.0", "172.16.0.1", true)]
    [InlineData("172.16.0.2/24", "255.255.255.0", "172.16.1.1", false)]
    [InlineData("10.1.2.3/16", "255.255.0.0", "10.1.200.1", true)]
    [InlineData("10.0.0.1/0", "0.0.0.0", "192.168.0.1", true)]
    [InlineData("10.0.0.1/32", "255.255.255.255", "10.0.0.1", true)]
    public void An_interface_address_knows_its_netmask_and_subnet(string cidr, string netmask, string other, bool inside)
    {
        InterfaceAddress.TryParse(cidr, out var address).Should().BeTrue();

        address!.Netmask.ToString().Should().Be(netmask);
        address.Contains(IPAddress.Parse(other)).Should().Be(inside);
        address.ToString().Should().Be(cidr);
    }
}
