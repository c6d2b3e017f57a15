using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using RedoxBuild.Runners;
using RedoxBuild.Runners.CloudHypervisor;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Runners.CloudHypervisor;

/// <summary>
/// Cloud Hypervisor command-line goldens (Cloud Hypervisor cannot run here, so its command lines are pinned as
/// files): one per runner variant, compared with nix-redox §3 in the comments of each case.
/// </summary>
public class CommandLineGoldenSpecs
{
    private const string Firmware = "/usr/share/cloud-hypervisor/CLOUDHV.fd";
    private const string Disk = "/repo/build/work/vm-runs/cloud-hypervisor-0123456789ab/harddrive.img";

    private static readonly VmResources Defaults = VmResources.Defaults;

    /// <summary>The golden text: the program, then one option with its value per line, as a pasteable shell command.</summary>
    internal static string Render(IReadOnlyList<string> arguments)
    {
        var lines = new List<string> { "cloud-hypervisor" };
        foreach (var argument in arguments)
        {
            if (argument.StartsWith("--", StringComparison.Ordinal)) lines.Add("  " + ShellQuoting.Quote(argument));
            else lines[^1] += " " + ShellQuoting.Quote(argument);
        }
        return string.Join(" \\\n", lines) + "\n";
    }

    private static void AssertGolden(string name, CloudHypervisorLaunch launch) =>
        Golden.AssertMatches($"tests/Build.Tests/Golden/cloud-hypervisor/{name}.txt", Render(CloudHypervisorCommandLine.Arguments(launch)));

    [Fact]
    public void Headless_matches_the_Nix_runner_with_direct_io_and_a_topology_that_follows_the_vcpus() =>
        // nix-redox: --cpus boot=4,topology=1:2:1:2 whatever CH_CPUS says; here topology=1:4:1:1 for 4 vCPUs.
        AssertGolden("headless", new CloudHypervisorLaunch(Firmware, Disk, Defaults));

    [Fact]
    public void Headless_with_two_vcpus_huge_pages_and_no_direct_io() =>
        AssertGolden("headless-2cpus-hugepages-buffered", new CloudHypervisorLaunch(Firmware, Disk,
            Defaults with { Cpus = 2, Memory = ByteSize.FromMiB(4096), Hugepages = true, DirectIo = false }));

    [Fact]
    public void With_network_adds_a_virtio_net_device_on_the_tap() =>
        AssertGolden("network", new CloudHypervisorLaunch(Firmware, Disk, Defaults)
        {
            Network = new CloudHypervisorNetwork(CloudHypervisorNetwork.DefaultTap, CloudHypervisorNetwork.DefaultGuestMac),
        });

    [Fact]
    public void Development_adds_virtio_mem_hotplug_room_and_the_api_socket() =>
        AssertGolden("dev", new CloudHypervisorLaunch(Firmware, Disk, Defaults with { Hugepages = true })
        {
            Development = new CloudHypervisorDevelopment("/tmp/cloud-hypervisor-redox.sock"),
        });

    [Fact]
    public void The_restore_VMM_has_only_its_api_socket() =>
        Golden.AssertMatches("tests/Build.Tests/Golden/cloud-hypervisor/restore-vmm.txt",
            Render(CloudHypervisorCommandLine.ApiOnly("/tmp/cloud-hypervisor-redox.sock")));

    [Theory]
    [InlineData(1, "1:1:1:1")]
    [InlineData(6, "1:6:1:1")]
    [InlineData(254, "1:254:1:1")]
    public void The_topology_always_matches_the_vcpu_count(int cpus, string topology) =>
        CloudHypervisorCommandLine.Arguments(new CloudHypervisorLaunch(Firmware, Disk, Defaults with { Cpus = cpus }))
            .Should().ContainInOrder("--cpus", $"boot={cpus},topology={topology}");

    [Fact]
    public void A_comma_in_a_path_is_refused_because_Cloud_Hypervisor_would_cut_the_value_there()
    {
        var act = () => CloudHypervisorCommandLine.Arguments(new CloudHypervisorLaunch(Firmware, "/images/a,b.img", Defaults));

        act.Should().Throw<BuildFailure>().WithMessage(
            "Cloud Hypervisor cannot take a disk path containing a comma (it separates option values): '/images/a,b.img'. Move or rename it.");
    }

    [Theory]
    [InlineData(3, 256, "--net-queues (env NET_QUEUES or CH_NET_QUEUES) must be an even number of at least 2 (RX and TX queues come in pairs), got 3.")]
    [InlineData(0, 256, "--net-queues (env NET_QUEUES or CH_NET_QUEUES) must be an even number of at least 2 (RX and TX queues come in pairs), got 0.")]
    [InlineData(2, 300, "--net-queue-size (env NET_QUEUE_SIZE or CH_NET_QUEUE_SIZE) must be a power of two between 2 and 32768 (virtio queue sizes are), got 300.")]
    public void Queue_counts_and_sizes_are_checked_before_launch(int queues, int size, string message)
    {
        var act = () => new CloudHypervisorNetwork("tap0", "52:54:00:12:34:56", queues, size).Validate();

        act.Should().Throw<BuildFailure>().WithMessage(message);
    }
}
