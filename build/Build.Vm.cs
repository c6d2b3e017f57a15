using RedoxBuild.Engine;
using RedoxBuild.Runners;

partial class Build
{
    // VM parameters are nullable: a value given here (command line, environment, parameters.json) wins over the
    // profile's [vm] table, which wins over the built-in defaults (see VmSettings).

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

    /// <summary>The parameter layer of the VM settings.</summary>
    VmSettingsLayer VmParameters => new(Cpus, Memory, Hugepages, DirectIo, Runner);

    /// <summary>Parameters first, then what the profile's [vm] table says; VmSettings.Resolve fills the rest with defaults.</summary>
    VmSettingsLayer[] VmLayers => [VmParameters, ProfileVmLayer()];

    /// <summary>
    /// Only the [vm] keys the profile actually wrote, so an unset key falls through to the built-in default instead of
    /// the model's. Without a profiles/ folder (a bare --image run) and with the default --profile, there is no layer.
    /// </summary>
    VmSettingsLayer ProfileVmLayer()
    {
        if (!(RootDirectory / "profiles").DirectoryExists() && Profile == "default") return VmSettingsLayer.Empty;
        var profile = LoadProfile();
        bool Has(string key) => profile.PositionOf("vm", key) is not null;
        var vm = profile.Vm;
        return new VmSettingsLayer(
            Has("cpus") ? vm.Cpus : null,
            Has("memory") ? vm.Memory : null,
            Has("hugepages") ? vm.Hugepages : null,
            Has("direct_io") ? vm.DirectIo : null,
            Has("runner") ? vm.Runner == RedoxBuild.Model.Profiles.VmRunner.Qemu ? VmRunner.Qemu : VmRunner.CloudHypervisor : null);
    }
}
