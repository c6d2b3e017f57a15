using RedoxBuild.Engine;
using RedoxBuild.Model.Profiles;

namespace RedoxBuild.Runners;

/// <summary>
/// One layer of VM settings where every value is optional: the parameters (command line, environment, parameters.json)
/// form one layer and the profile's [vm] table another; <see cref="VmResources.Resolve"/> takes the first value given.
/// </summary>
public sealed record VmResourceLayer(int? Cpus = null, ByteSize? Memory = null, bool? Hugepages = null, bool? DirectIo = null, VmRunner? Runner = null)
{
    public static VmResourceLayer Empty { get; } = new();
}

/// <summary>
/// The resources of a VM run. Defaults are the Nix build's (4 vCPUs, 2048M, no huge pages, direct I/O on, Cloud
/// Hypervisor). Unlike the Nix build, the CPU topology always follows <see cref="Cpus"/>.
/// </summary>
public sealed record VmResources(int Cpus, ByteSize Memory, bool Hugepages, bool DirectIo, VmRunner Runner)
{
    public const int MaxCpus = VmSettings.MaxCpus;
    public static ByteSize MinMemory => VmSettings.MinMemory;

    /// <summary>The profile model's defaults: one set of numbers whether a value is unset in the profile or absent entirely.</summary>
    public static VmResources Defaults { get; } = new(VmSettings.Default.Cpus, VmSettings.Default.Memory, VmSettings.Default.Hugepages, VmSettings.Default.DirectIo, VmSettings.Default.Runner);

    /// <summary>Cloud Hypervisor's topology threads_per_core:cores_per_die:dies_per_package:packages, always = Cpus.</summary>
    public string CloudHypervisorTopology => $"1:{Cpus}:1:1";

    /// <summary>Earlier layers win; each value falls back to the next layer, then to the defaults. Invalid results are refused.</summary>
    public static VmResources Resolve(params VmResourceLayer[] layers)
    {
        var settings = new VmResources(
            layers.Select(l => l.Cpus).FirstOrDefault(v => v.HasValue) ?? Defaults.Cpus,
            layers.Select(l => l.Memory).FirstOrDefault(v => v.HasValue) ?? Defaults.Memory,
            layers.Select(l => l.Hugepages).FirstOrDefault(v => v.HasValue) ?? Defaults.Hugepages,
            layers.Select(l => l.DirectIo).FirstOrDefault(v => v.HasValue) ?? Defaults.DirectIo,
            layers.Select(l => l.Runner).FirstOrDefault(v => v.HasValue) ?? Defaults.Runner);
        settings.Validate();
        return settings;
    }

    public void Validate()
    {
        if (Cpus is < 1 or > MaxCpus)
            throw new BuildFailure($"--cpus (env CPUS or CH_CPUS) must be between 1 and {MaxCpus}, got {Cpus}.");
        if (Memory < MinMemory)
            throw new BuildFailure($"--memory (env MEMORY or CH_MEMORY) must be at least {MinMemory}, got {Memory}; Redox needs room for its initfs and daemons." +
                (Memory.Bytes < ByteSize.MiB ? $" A number without a suffix is bytes: did you mean {Memory.Bytes}M?" : ""));
        if (Memory.Bytes % ByteSize.MiB != 0)
            throw new BuildFailure($"--memory (env MEMORY or CH_MEMORY) must be a whole number of MiB, got {Memory.Bytes} bytes; use e.g. 2048M.");
        if (Hugepages && Memory.Bytes % (2 * ByteSize.MiB) != 0)
            throw new BuildFailure($"--hugepages needs --memory to be a multiple of 2M (the huge page size), got {Memory}.");
    }
}
