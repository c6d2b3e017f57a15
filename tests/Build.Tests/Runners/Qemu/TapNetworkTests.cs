using RedoxBuild.Engine;
using RedoxBuild.Runners.Qemu;
using RedoxBuild.Tests.Runners.BootTest;

namespace RedoxBuild.Tests.Runners.Qemu;

public class TapNetworkTests
{
    [Theory]
    [InlineData("52:54:00:12:34:56", "52:54:00:12:34:56")]
    [InlineData(" 52:54:00:AB:cd:EF ", "52:54:00:ab:cd:ef")]
    public void A_unicast_MAC_is_accepted_in_lower_case(string given, string expected) =>
        TapNetwork.NormalizeMac(given).Should().Be(expected);

    [Theory]
    [InlineData("52:54:00:12:34")]
    [InlineData("52-54-00-12-34-56")]
    [InlineData("52:54:00:12:34:5g")]
    public void A_malformed_MAC_names_the_parameter_and_an_example(string mac) =>
        FluentActions.Invoking(() => TapNetwork.NormalizeMac(mac)).Should().Throw<BuildFailure>()
            .WithMessage($"--guest-mac (env GUEST_MAC) must be six hex byte pairs separated by colons, e.g. 52:54:00:12:34:56; got '{mac}'.");

    [Fact]
    public void A_multicast_MAC_is_refused() =>
        FluentActions.Invoking(() => TapNetwork.NormalizeMac("01:00:5e:00:00:01")).Should().Throw<BuildFailure>().WithMessage("*multicast*");

    [Fact]
    public void A_missing_TAP_names_NetworkSetup_and_an_existing_one_passes()
    {
        using var sys = new ScratchDir();
        Directory.CreateDirectory(sys.File("tap0"));
        File.WriteAllText(Path.Combine(sys.File("tap0"), "tun_flags"), "0x1002\n");
        Directory.CreateDirectory(sys.File("eth0"));

        TapNetwork.Problem("tap0", sys.Path).Should().BeNull();
        TapNetwork.Problem("tap9", sys.Path).Should().Be(
            "The TAP device 'tap9' does not exist. Create it with `sudo ./build.sh NetworkSetup`, or name an existing TAP with --tap NAME (env TAP_NAME).");
        TapNetwork.Problem("eth0", sys.Path).Should().StartWith("'eth0' exists but is not a TUN/TAP device.");
    }

    [Fact]
    public void The_loopback_of_this_machine_is_not_a_TAP() =>
        TapNetwork.Problem("lo").Should().StartWith("'lo' exists but is not a TUN/TAP device.");
}
