using RedoxBuild.CliWrap;
using RedoxBuild.CloudHypervisor.Api;
using RedoxBuild.Doctor;
using RedoxBuild.Engine;
using RedoxBuild.Runners;
using RedoxBuild.Runners.CloudHypervisor;
using RedoxBuild.Runners.Network;

partial class Build
{
    // Shared by the Cloud Hypervisor and QEMU runners and BootTest (Build.Run.Qemu.cs, Build.BootTest.cs).
    [Parameter("Disk image to boot; default build/images/<profile>/harddrive.img. Runs never modify it: Cloud Hypervisor boots a per-run copy, QEMU a per-run qcow2 overlay.")]
    readonly AbsolutePath? Image;

    [Parameter("The cloud-hypervisor program: a name on PATH or a path (e.g. the static binary from its GitHub releases).")]
    readonly string CloudHypervisorBinary = "cloud-hypervisor";

    [Parameter("RunCloudNet: virtio-net queues (RX and TX count separately, so 2 is one queue pair).", EnvironmentAliases = ["CH_NET_QUEUES"])]
    readonly int NetQueues = 2;

    [Parameter("RunCloudNet: size of each virtio-net queue.", EnvironmentAliases = ["CH_NET_QUEUE_SIZE"])]
    readonly int NetQueueSize = 256;

    [Parameter("Cloud Hypervisor's REST API socket: made by RunCloudDev and VmRestore, used by the Vm* targets.", EnvironmentAliases = ["CH_API_SOCKET"])]
    readonly AbsolutePath ApiSocket = AbsolutePath.Create("/tmp/cloud-hypervisor-redox.sock");

    [Parameter("VmSnapshot writes the snapshot here (replacing an earlier one); VmRestore reads it.")]
    readonly AbsolutePath SnapshotDir = AbsolutePath.Create("/tmp/redox-snapshot");

    /// <summary>This process's terminal; a property so tests can give the serial console other streams.</summary>
    internal virtual HostConsole Terminal => HostConsole.OfThisProcess();

    /// <summary>The image the runners boot: --image, else the --profile's image (the profile's name, also for a .toml path).</summary>
    AbsolutePath ImageToBoot => Image ?? Layout.Images / ProfileImageName / "harddrive.img";

    /// <summary>The folder name of the profile's images: "graphical" for --profile graphical or --profile path/to/graphical.toml.</summary>
    string ProfileImageName => Path.GetFileNameWithoutExtension(Profile);

    [UsesTools(ToolFamily.CloudHypervisor)]
    Target RunCloud => _ => _
        .Description("Boots the image in Cloud Hypervisor with its serial console on this terminal (Ctrl+] stops it), on a per-run copy of the image. With [vm] tap (or --tap-networking) it adds RunCloudNet's NIC; with [vm] api_socket (or --open-api-socket) it opens --api-socket.")
        .After(DiskImage, LiveImage)
        .Executes(async () =>
        {
            var attachments = VmAttachments;
            CloudHypervisorNetwork? network = null;
            if (attachments.Tap)
            {
                Logger.Information("Putting the guest NIC on TAP {Tap} as RunCloudNet does, because {Reason} asks for it",
                    attachments.TapInterface, TapNetworking is null ? "the profile's [vm] tap = true" : "--tap-networking");
                network = await TapNicAsync();
            }
            var api = attachments.ApiSocket ? CloudHypervisorDevelopment.ApiSocketOnly(ApiSocket) : null;
            if (api is not null)
                Logger.Information("Opening the API socket {Socket}, because {Reason} asks for it", ApiSocket.ToString(), OpenApiSocket is null ? "the profile's [vm] api_socket = true" : "--open-api-socket");
            await RunCloudHypervisorAsync(network, api);
        });

    [UsesTools(ToolFamily.CloudHypervisor, ToolFamily.Network)]
    Target RunCloudNet => _ => _
        .Description("RunCloud plus a virtio-net NIC on the TAP made by NetworkSetup (--tap, --guest-mac, --net-queues, --net-queue-size).")
        .After(DiskImage, LiveImage, NetworkSetup)
        .Executes(async () => await RunCloudHypervisorAsync(await TapNicAsync(), development: null));

    [UsesTools(ToolFamily.CloudHypervisor)]
    Target RunCloudDev => _ => _
        .Description("RunCloud with the REST API on --api-socket and 2048M of virtio-mem hotplug room, for VmInfo, VmPause, VmResume, VmSnapshot and VmResizeMemory.")
        .After(DiskImage, LiveImage)
        .Executes(() => RunCloudHypervisorAsync(network: null, new CloudHypervisorDevelopment(ApiSocket)));

    [UsesTools(ToolFamily.CloudHypervisor)]
    Target VmInfo => _ => _
        .Description("Prints the state, vCPUs, memory, disks and NICs of the VM on --api-socket.")
        .Executes(() => WithVmAsync("GET vm.info", async control => Logger.Information("VM on {Socket}:\n{Info}", ApiSocket.ToString(), await control.DescribeAsync(CancellationToken))));

    [UsesTools(ToolFamily.CloudHypervisor)]
    Target VmPause => _ => _
        .Description("Pauses the VM on --api-socket.")
        .Executes(() => WithVmAsync("PUT vm.pause", control => control.PauseAsync(CancellationToken)));

    [UsesTools(ToolFamily.CloudHypervisor)]
    Target VmResume => _ => _
        .Description("Resumes the paused VM on --api-socket.")
        .Executes(() => WithVmAsync("PUT vm.resume", control => control.ResumeAsync(CancellationToken)));

    [UsesTools(ToolFamily.CloudHypervisor)]
    Target VmResizeMemory => _ => _
        .Description("Changes the guest memory of the VM on --api-socket to --memory (virtio-mem; within RunCloudDev's hotplug room).")
        .Executes(() =>
        {
            var size = Memory ?? throw new BuildFailure("VmResizeMemory needs the new size: --memory <size>, e.g. --memory 3G.");
            return WithVmAsync($"PUT vm.resize (desired_ram {size.Bytes})", control => control.ResizeMemoryAsync(size, CancellationToken));
        });

    [UsesTools(ToolFamily.CloudHypervisor)]
    Target VmSnapshot => _ => _
        .Description("Pauses the VM on --api-socket and writes a snapshot (with copies of its disks) to --snapshot-dir; the VM stays paused.")
        .Executes(() => WithVmAsync($"PUT vm.pause and vm.snapshot into {SnapshotDir}", control => control.SnapshotAsync(SnapshotDir, CancellationToken)));

    [UsesTools(ToolFamily.CloudHypervisor)]
    Target VmRestore => _ => _
        .Description("Starts a new Cloud Hypervisor on --api-socket, restores the snapshot in --snapshot-dir into it and resumes it, with its console on this terminal.")
        .Executes(() => ApiCallAsync(() =>
            new SnapshotRestorer(Processes, Terminal, IsDryRun, Logger, VmRunsDirectory).RestoreAsync(CloudHypervisorBinary, SnapshotDir, ApiSocket, CancellationToken)));

    /// <summary>Per-run disk copies live here (see RunDirectory for why not /tmp).</summary>
    AbsolutePath VmRunsDirectory => Layout.Work / "vm-runs";

    /// <summary>CLOUDHV.fd: --firmware, $CLOUDHV_FIRMWARE, then the usual places; a clear error naming them otherwise.</summary>
    string CloudHypervisorFirmware() =>
        FirmwareLocator.FindCloudHypervisorFirmware(Firmware?.ToString(), EnvironmentVariables.GetValueOrDefault("CLOUDHV_FIRMWARE"))
        ?? throw new BuildFailure(Firmware is not null
            ? $"--firmware {Firmware} does not exist. Cloud Hypervisor needs CLOUDHV.fd (OVMF built for Cloud Hypervisor)."
            : "Cloud Hypervisor's firmware CLOUDHV.fd was not found (looked in $CLOUDHV_FIRMWARE and /usr/share/cloud-hypervisor, " +
              "/usr/share/edk2/cloud-hypervisor, /usr/share/edk2-cloud-hypervisor, /usr/local/share/cloud-hypervisor). " +
              "Download it from github.com/cloud-hypervisor/edk2/releases and pass --firmware <path>, or see ./build.sh Doctor --for RunCloud.");

    async Task RunCloudHypervisorAsync(CloudHypervisorNetwork? network, CloudHypervisorDevelopment? development)
    {
        var vm = VmResources.Resolve(VmLayers);
        var image = BootImage(); // missing: an error naming DiskImage, or in a dry run a warning (as the QEMU runners do)
        string firmware;
        try
        {
            firmware = CloudHypervisorFirmware();
        }
        catch (BuildFailure missing) when (IsDryRun)
        {
            Logger.Warning("{Problem}", missing.Message);
            firmware = "<CLOUDHV.fd>";
        }
        var run = new CloudHypervisorRun(CloudHypervisorBinary, image, firmware, vm) { Network = network, Development = development };
        await ApiCallAsync(() => new CloudHypervisorRunner(Processes, Terminal, IsDryRun, Logger, VmRunsDirectory).RunAsync(run, CancellationToken));
    }

    /// <summary>RunCloudNet's NIC on TapName, checked: valid queues and MAC, and a TAP that exists.</summary>
    async Task<CloudHypervisorNetwork> TapNicAsync()
    {
        var network = new CloudHypervisorNetwork(TapName, GuestMac, NetQueues, NetQueueSize);
        network.Validate();
        MacAddress.Validate(GuestMac);
        await CheckTapAsync(network);
        return network;
    }

    /// <summary>Fails before boot when the TAP is missing (naming NetworkSetup) or cannot take the asked queue pairs.</summary>
    async Task CheckTapAsync(CloudHypervisorNetwork network)
    {
        var result = await Processes.CaptureAsync(Cli.Wrap("ip").WithArguments(["-details", "-json", "link", "show", "dev", network.Tap]).WithValidation(CommandResultValidation.None));
        if (IsDryRun) return;
        if (result.ExitCode != 0)
            throw new BuildFailure(
                $"TAP device {network.Tap} does not exist. Create it (with NAT, and DHCP with --dhcp) by running:\n  sudo ./build.sh NetworkSetup{NetworkArguments(nameof(NetworkSetup))}");
        // A TAP made without multi_queue can only be opened for one queue pair.
        if (network.QueuePairs > 1 && !LinkStatus.IsMultiQueueTap(result.StandardOutput))
            throw new BuildFailure(
                $"--net-queues {network.Queues} needs {network.QueuePairs} queue pairs, but TAP {network.Tap} is single-queue. " +
                $"Use --net-queues 2, or recreate it with: sudo ip tuntap add dev {network.Tap} mode tap multi_queue user $USER");
    }

    /// <summary>Runs one REST action on the VM at --api-socket (only described in a dry run).</summary>
    Task WithVmAsync(string action, Func<VmControl, Task> body)
    {
        if (IsDryRun)
        {
            Logger.Information("[dry-run] {Action} on {Socket}", action, ApiSocket.ToString());
            return Task.CompletedTask;
        }
        return ApiCallAsync(async () =>
        {
            using var client = new CloudHypervisorClient(ApiSocket);
            await body(new VmControl(client, Processes, Logger));
        });
    }

    /// <summary>API failures are expected failures: their messages already say what is wrong and what to do.</summary>
    static async Task ApiCallAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (e is ApiException or VmmUnreachableException)
        {
            throw new BuildFailure(e.Message);
        }
    }
}
