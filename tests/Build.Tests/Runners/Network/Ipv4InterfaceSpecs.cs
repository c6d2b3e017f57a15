using RedoxBuild.Engine;
using RedoxBuild.Runners.Network;

namespace RedoxBuild.Tests.Runners.Network;

/// <summary>The host address on the guest network and what follows from it; guest MACs; ip's JSON.</summary>
public class Ipv4InterfaceSpecs
{
    [Fact]
    public void The_default_gives_the_Nix_subnet_pool_and_static_guest()
    {
        var host = Ipv4Interface.Parse(Ipv4Interface.Default);

        (host.ToString(), host.Subnet, host.Netmask.ToString()).Should().Be(("172.16.0.1/24", "172.16.0.0/24", "255.255.255.0"));
        (host.DhcpRangeStart.ToString(), host.DhcpRangeEnd.ToString(), host.StaticGuest.ToString()).Should().Be(("172.16.0.10", "172.16.0.50", "172.16.0.2"));
    }

    [Fact]
    public void A_bare_address_as_the_Nix_HOST_IP_was_written_means_slash_24() =>
        Ipv4Interface.Parse("10.1.2.1").ToString().Should().Be("10.1.2.1/24");

    [Fact]
    public void Other_prefixes_move_the_subnet_and_pool()
    {
        var host = Ipv4Interface.Parse("10.20.30.65/26");

        (host.Subnet, host.Netmask.ToString(), host.DhcpRangeStart.ToString(), host.DhcpRangeEnd.ToString()).Should()
            .Be(("10.20.30.64/26", "255.255.255.192", "10.20.30.74", "10.20.30.114"));
    }

    [Theory]
    [InlineData("172.16.0", "--host-ip (env HOST_IP) must be an IPv4 address with an optional prefix length, e.g. 172.16.0.1/24; got '172.16.0'.")]
    [InlineData("fe80::1/64", "--host-ip (env HOST_IP) must be an IPv4 address with an optional prefix length, e.g. 172.16.0.1/24; got 'fe80::1/64'.")]
    [InlineData("172.16.0.1/30", "--host-ip (env HOST_IP): the prefix length must be between 8 and 26 (the guest network needs room for a DHCP pool), got '30' in '172.16.0.1/30'.")]
    [InlineData("172.16.0.0/24", "--host-ip 172.16.0.0/24 is the network or broadcast address of its subnet; use a host address such as 172.16.0.1/24.")]
    [InlineData("172.16.0.255/24", "--host-ip 172.16.0.255/24 is the network or broadcast address of its subnet; use a host address such as 172.16.0.1/24.")]
    public void Bad_addresses_are_refused_with_what_is_accepted(string text, string message) =>
        FluentActions.Invoking(() => Ipv4Interface.Parse(text)).Should().Throw<BuildFailure>().WithMessage(message);

    [Theory]
    [InlineData("52:54:00:12:34:56", null)]
    [InlineData("52-54-00-12-34-56", "--guest-mac (env GUEST_MAC) must be six hex octets separated by colons, e.g. 52:54:00:12:34:56; got '52-54-00-12-34-56'.")]
    [InlineData("01:00:5e:00:00:01", "--guest-mac 01:00:5e:00:00:01 is a multicast address (odd first octet); use a unicast one such as 52:54:00:12:34:56.")]
    public void Guest_macs_must_be_unicast_colon_separated_octets(string mac, string? message)
    {
        var act = () => MacAddress.Validate(mac);

        if (message is null) act.Should().NotThrow();
        else act.Should().Throw<BuildFailure>().WithMessage(message);
    }

    [Fact]
    public void Ip_json_gives_link_state_addresses_uplink_and_queue_mode()
    {
        const string link = """[{"ifname":"tap0","flags":["BROADCAST","MULTICAST","UP"],"operstate":"DOWN","addr_info":[{"family":"inet","local":"172.16.0.1","prefixlen":24},{"family":"inet6","local":"fe80::1","prefixlen":64}]}]""";

        LinkStatus.Parse(link).Should().BeEquivalentTo(new LinkStatus(true, ["172.16.0.1/24"]));
        LinkStatus.Parse("").Should().BeNull();
        LinkStatus.DefaultRouteInterface("""[{"dst":"default","gateway":"10.0.0.1","dev":"eth0","flags":[]}]""").Should().Be("eth0");
        LinkStatus.DefaultRouteInterface("[]").Should().BeNull();
        LinkStatus.IsMultiQueueTap("""[{"linkinfo":{"info_kind":"tun","info_data":{"type":"tap","multi_queue":true}}}]""").Should().BeTrue();
        LinkStatus.IsMultiQueueTap("""[{"linkinfo":{"info_kind":"tun","info_data":{"type":"tap","multi_queue":false}}}]""").Should().BeFalse();
    }
}
