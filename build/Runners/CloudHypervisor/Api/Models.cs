using System.Text.Json.Serialization;

namespace RedoxBuild.CloudHypervisor.Api;

// Request and response bodies as Cloud Hypervisor's OpenAPI description (vmm/src/api/openapi/cloud-hypervisor.yaml)
// defines them. Property names map to the API's snake_case names through CloudHypervisorJson's naming policy.
// Configuration records carry the fields this build reads; unknown fields are ignored when reading.

/// <summary>The answer to vmm.ping.</summary>
public sealed record VmmPingResponse(string Version, string? BuildVersion = null, long? Pid = null, IReadOnlyList<string>? Features = null);

/// <summary>The VM's lifecycle state; the names are the API's own.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VmState>))]
public enum VmState { Created, Running, Shutdown, Paused, BreakPoint }

/// <summary>The answer to vm.info.</summary>
public sealed record VmInfo(VmConfig Config, VmState State, long? MemoryActualSize = null);

/// <summary>A VM's configuration (the subset this build reads; restore copies the full file untouched).</summary>
public sealed record VmConfig(
    CpusConfig? Cpus = null,
    MemoryConfig? Memory = null,
    PayloadConfig? Payload = null,
    IReadOnlyList<DiskConfig>? Disks = null,
    IReadOnlyList<NetConfig>? Net = null,
    ConsoleConfig? Serial = null,
    ConsoleConfig? Console = null);

public sealed record CpusConfig(int BootVcpus, int MaxVcpus, CpuTopology? Topology = null);

public sealed record CpuTopology(int ThreadsPerCore, int CoresPerDie, int DiesPerPackage, int Packages);

public sealed record MemoryConfig(long Size, long? HotplugSize = null, long? HotpluggedSize = null, string? HotplugMethod = null,
    bool Shared = false, bool Hugepages = false);

public sealed record PayloadConfig(string? Firmware = null, string? Kernel = null, string? Cmdline = null, string? Initramfs = null);

public sealed record DiskConfig(string? Path = null, bool Readonly = false, bool Direct = false, string? Id = null);

public sealed record NetConfig(string? Tap = null, string? Mac = null, int? NumQueues = null, int? QueueSize = null, string? Id = null);

/// <summary>Serial and console devices; mode is Off, Pty, Tty, File, Socket or Null.</summary>
public sealed record ConsoleConfig(string Mode, string? File = null, string? Socket = null);

/// <summary>The body of vm.snapshot: where to write, as a file:// URL of an existing directory.</summary>
public sealed record VmSnapshotConfig(string DestinationUrl);

/// <summary>The body of vm.restore: the snapshot directory as a file:// URL. Prefault maps all memory up front.</summary>
public sealed record RestoreConfig(string SourceUrl, bool? Prefault = null);

/// <summary>The body of vm.resize; absent fields stay as they are.</summary>
public sealed record VmResize(long? DesiredRam = null, int? DesiredVcpus = null, long? DesiredBalloon = null);
