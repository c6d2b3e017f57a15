using RedoxBuild.Engine;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Runners;

partial class Build
{
    // VM parameters are nullable: a value given here (command line, environment, parameters.json) wins over the
    // profile's [vm] table, which wins over the built-in defaults (see VmResources).

    [Parameter("Virtual CPUs of the VM; Cloud Hypervisor's topology follows it. Default: the profile's [vm] cpus, else 4.", EnvironmentAliases = ["CH_CPUS"])]
    readonly int? Cpus;

    [Parameter("Guest memory, e.g. 2048M or 2G. Default: the profile's [vm] memory, else 2048M.", EnvironmentAliases = ["CH_MEMORY"])]
    readonly ByteSize? Memory;

    [Parameter("Back guest memory with huge pages (Cloud Hypervisor). Default: the profile's [vm] hugepages, else off.", EnvironmentAliases = ["CH_HUGEPAGES"])]
    readonly bool? Hugepages;

    [Parameter("Open the disk with O_DIRECT (Cloud Hypervisor direct=on). Default: the profile's [vm] direct_io, else on.", EnvironmentAliases = ["CH_DIRECT_IO"])]
    readonly bool? DirectIo;

    [Parameter("The VMM for BootTest: qemu or cloud-hypervisor. Default: the profile's [vm] runner, else cloud-hypervisor.")]
    readonly VmRunner? Runner;

    [Parameter("UEFI firmware: OVMF's code file for QEMU, CLOUDHV.fd for Cloud Hypervisor. Default: found in the usual places.")]
    readonly AbsolutePath? Firmware;

    [Parameter("RunCloud and RunQemu: put the guest NIC on the TAP (--tap) as RunCloudNet and RunQemuNet do. Default: the profile's [vm] tap, else off.")]
    readonly bool? TapNetworking;

    [Parameter("RunCloud: open Cloud Hypervisor's REST API on --api-socket for the Vm* targets (no hotplug room; that is RunCloudDev). Default: the profile's [vm] api_socket, else off.")]
    readonly bool? OpenApiSocket;

    [Parameter("RunQemu: show the guest in a GTK window as RunGraphical does. Default: the profile's [vm] graphics, else off.")]
    readonly bool? Graphics;

    /// <summary>The parameter layer of the VM settings.</summary>
    VmResourceLayer VmParameters => new(Cpus, Memory, Hugepages, DirectIo, Runner);

    /// <summary>Parameters first, then what the profile's [vm] table says; VmResources.Resolve fills the rest with defaults.</summary>
    VmResourceLayer[] VmLayers => [VmParameters, ProfileVm().Resources];

    /// <summary>TAP, API socket and window: parameters first, then the profile's [vm] table, then the defaults.</summary>
    VmAttachments VmAttachments => VmAttachments.Resolve(new VmAttachmentLayer(TapNetworking, Tap, OpenApiSocket, Graphics), ProfileVm().Attachments);

    /// <summary>The TAP every network target uses: --tap, else the profile's [vm] tap_interface, else tap0.</summary>
    string TapName => VmAttachments.TapInterface;

    /// <summary>
    /// Only the [vm] keys the profile actually wrote, so an unset key falls through to the built-in default instead of
    /// the model's. Without a profiles/ folder (a bare --image run) and with the default --profile, there is no layer.
    /// </summary>
    (VmResourceLayer Resources, VmAttachmentLayer Attachments) ProfileVm()
    {
        if (!(RootDirectory / "profiles").DirectoryExists() && Profile == "default") return (VmResourceLayer.Empty, VmAttachmentLayer.Empty);
        var profile = LoadProfile();
        bool Has(string key) => profile.PositionOf("vm", key) is not null;
        var vm = profile.Vm;
        var resources = new VmResourceLayer(
            Has("cpus") ? vm.Cpus : null,
            Has("memory") ? vm.Memory : null,
            Has("hugepages") ? vm.Hugepages : null,
            Has("direct_io") ? vm.DirectIo : null,
            Has("runner") ? vm.Runner : null);
        var attachments = new VmAttachmentLayer(
            Has("tap") ? vm.Tap : null,
            Has("tap_interface") ? vm.TapInterface : null,
            Has("api_socket") ? vm.ApiSocket : null,
            Has("graphics") ? vm.Graphics : null);
        return (resources, attachments);
    }
}
