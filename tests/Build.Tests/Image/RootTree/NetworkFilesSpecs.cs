using RedoxBuild.Image.RootTree;

namespace RedoxBuild.Tests.Image.RootTree;

public class NetworkFilesSpecs : IDisposable
{
    private readonly ImageScratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private IReadOnlyDictionary<string, string> Files(string network) =>
        NetworkFiles.For(_scratch.Profile("[network]\n" + network).Network).ToDictionary(f => f.Path, f => f.Content);

    [Fact]
    public void Static_mode_writes_smolnetds_files_and_the_per_interface_files()
    {
        var files = Files("mode = \"static\"\ninterface = \"cloud-hypervisor\"\naddress = \"172.16.0.2/24\"\ngateway = \"172.16.0.1\"\ndns = [\"9.9.9.9\", \"1.1.1.1\"]\n");

        files.Should().Equal(new Dictionary<string, string>
        {
            ["/etc/net/ip"] = "172.16.0.2\n",
            ["/etc/net/ip_subnet"] = "255.255.255.0\n",
            ["/etc/net/cloud-hypervisor/ip"] = "172.16.0.2\n",
            ["/etc/net/cloud-hypervisor/netmask"] = "255.255.255.0\n",
            ["/etc/net/ip_router"] = "172.16.0.1\n",
            ["/etc/net/cloud-hypervisor/gateway"] = "172.16.0.1\n",
            ["/etc/net/dns"] = "9.9.9.9\n",
        });
    }

    [Fact]
    public void Dhcp_mode_writes_the_resolver_and_an_init_script_that_starts_dhcpd_in_the_background()
    {
        var files = Files("mode = \"dhcp\"\n");

        files.Should().Equal(new Dictionary<string, string>
        {
            ["/etc/net/dns"] = "1.1.1.1\n",
            ["/usr/lib/init.d/15_dhcp"] = "dhcpd -b\n",
        });
    }

    [Fact]
    public void Auto_mode_is_dhcp_plus_the_static_address_as_fallback()
    {
        var files = Files("mode = \"auto\"\naddress = \"10.0.2.15/24\"\ngateway = \"10.0.2.2\"\n");

        files.Keys.Should().BeEquivalentTo(
            "/etc/net/ip", "/etc/net/ip_subnet", "/etc/net/eth0/ip", "/etc/net/eth0/netmask", "/etc/net/ip_router", "/etc/net/eth0/gateway",
            "/etc/net/dns", "/usr/lib/init.d/15_dhcp");
        files["/etc/net/eth0/ip"].Should().Be("10.0.2.15\n");
        files["/usr/lib/init.d/15_dhcp"].Should().Be("dhcpd -b\n");
    }

    [Fact]
    public void Auto_mode_without_an_address_only_starts_dhcp()
    {
        Files("mode = \"auto\"\n").Keys.Should().BeEquivalentTo("/etc/net/dns", "/usr/lib/init.d/15_dhcp");
    }

    [Fact]
    public void None_mode_generates_nothing()
    {
        Files("mode = \"none\"\n").Should().BeEmpty();
    }
}
