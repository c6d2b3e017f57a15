using RedoxBuild.Runners.Qemu;
using RedoxBuild.Tests.Runners.BootTest;

namespace RedoxBuild.Tests.Runners.Qemu;

public class TapNetworkTests
{
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
