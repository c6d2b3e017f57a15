using RedoxBuild.Engine;

namespace RedoxBuild.Runners.CloudHypervisor;

/// <summary>The guest NIC of RunCloudNet: a virtio-net device on an existing TAP (see NetworkSetup).</summary>
public sealed record CloudHypervisorNetwork(string Tap, string GuestMac, int Queues = 2, int QueueSize = 256)
{
    public const string DefaultTap = "tap0";
    public const string DefaultGuestMac = "52:54:00:12:34:56";

    /// <summary>Cloud Hypervisor counts RX and TX queues separately, so 2 queues are one queue pair.</summary>
    public int QueuePairs => Queues / 2;

    public void Validate()
    {
        if (Queues < 2 || Queues % 2 != 0)
            throw new BuildFailure($"--net-queues (env NET_QUEUES or CH_NET_QUEUES) must be an even number of at least 2 (RX and TX queues come in pairs), got {Queues}.");
        if (QueueSize < 2 || QueueSize > 32768 || (QueueSize & (QueueSize - 1)) != 0)
            throw new BuildFailure($"--net-queue-size (env NET_QUEUE_SIZE or CH_NET_QUEUE_SIZE) must be a power of two between 2 and 32768 (virtio queue sizes are), got {QueueSize}.");
    }
}

/// <summary>RunCloudDev's extras: memory that can grow by virtio-mem, and the REST API socket.</summary>
public sealed record CloudHypervisorDevelopment(string ApiSocket)
{
    /// <summary>How much memory VmResizeMemory can add on top of --memory (the Nix build's 2048M); null for none.</summary>
    public ByteSize? HotplugSize { get; init; } = ByteSize.FromMiB(2048);

    /// <summary>RunCloud with [vm] api_socket: the REST API socket alone, like the Nix build's apiSocket option.</summary>
    public static CloudHypervisorDevelopment ApiSocketOnly(string apiSocket) => new(apiSocket) { HotplugSize = null };
}

/// <summary>One cloud-hypervisor launch: firmware, the per-run disk copy and the VM's resources, plus optional extras.</summary>
public sealed record CloudHypervisorLaunch(string Firmware, string Disk, VmResources Vm)
{
    public CloudHypervisorNetwork? Network { get; init; }
    public CloudHypervisorDevelopment? Development { get; init; }
}

/// <summary>
/// cloud-hypervisor's command lines, as pure functions. They match nix-redox's runners (headless, withNetwork,
/// withDev) except for the CPU topology, which nix-redox fixed at 1:2:1:2 (four vCPUs) whatever CH_CPUS said.
/// </summary>
public static class CloudHypervisorCommandLine
{
    public static IReadOnlyList<string> Arguments(CloudHypervisorLaunch launch)
    {
        var vm = launch.Vm;
        var memory = $"size={vm.Memory.WholeMiB}M{(vm.Hugepages ? ",hugepages=on" : "")}";
        if (launch.Development?.HotplugSize is { } hotplug) memory += $",hotplug_method=virtio-mem,hotplug_size={hotplug.WholeMiB}M";

        var arguments = new List<string>
        {
            "--firmware", Checked(launch.Firmware, "firmware path"),
            "--disk", $"path={Checked(launch.Disk, "disk path")}{(vm.DirectIo ? ",direct=on" : "")}",
            "--cpus", $"boot={vm.Cpus},topology={vm.CloudHypervisorTopology}",
            "--memory", memory,
            "--platform", "num_pci_segments=1",
            "--pci-segment", "pci_segment=0,mmio32_aperture_weight=4",
            "--serial", "tty",
            "--console", "off",
        };
        if (launch.Network is { } net)
        {
            net.Validate();
            arguments.AddRange(["--net", $"tap={Checked(net.Tap, "TAP name")},mac={net.GuestMac},num_queues={net.Queues},queue_size={net.QueueSize}"]);
        }
        if (launch.Development is { } development)
            arguments.AddRange(ApiSocket(development.ApiSocket));
        return arguments;
    }

    /// <summary>A VMM with only its API socket and no VM: what vm.restore needs.</summary>
    public static IReadOnlyList<string> ApiOnly(string apiSocket) => ApiSocket(apiSocket);

    private static string[] ApiSocket(string path) => ["--api-socket", $"path={Checked(path, "API socket path")}"];

    // Cloud Hypervisor splits option values on commas, so a comma inside a path would silently cut it.
    private static string Checked(string value, string what) =>
        value.Contains(',')
            ? throw new BuildFailure($"Cloud Hypervisor cannot take a {what} containing a comma (it separates option values): '{value}'. Move or rename it.")
            : value;
}
