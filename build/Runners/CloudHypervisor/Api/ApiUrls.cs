namespace RedoxBuild.CloudHypervisor.Api;

/// <summary>
/// Every route of Cloud Hypervisor's REST API this client uses, in one place (Octokit keeps its ApiUrls the same way).
/// Paths are relative to the API root http://localhost/api/v1/ that cloud-hypervisor serves on its --api-socket.
/// </summary>
public static class ApiUrls
{
    /// <summary>The root every route hangs off; the host name is ignored on a unix socket but HTTP needs one.</summary>
    public static readonly Uri Root = new("http://localhost/api/v1/");

    /// <summary>GET: the VMM answers with its version (works with or without a VM).</summary>
    public static readonly Uri VmmPing = new("vmm.ping", UriKind.Relative);

    /// <summary>PUT: stops the VMM process itself.</summary>
    public static readonly Uri VmmShutdown = new("vmm.shutdown", UriKind.Relative);

    /// <summary>GET: configuration, state and actual memory size of the VM.</summary>
    public static readonly Uri VmInfo = new("vm.info", UriKind.Relative);

    /// <summary>PUT without a body: Running to Paused.</summary>
    public static readonly Uri VmPause = new("vm.pause", UriKind.Relative);

    /// <summary>PUT without a body: Paused to Running.</summary>
    public static readonly Uri VmResume = new("vm.resume", UriKind.Relative);

    /// <summary>PUT with a <see cref="VmSnapshotConfig"/>: writes a snapshot of a paused VM.</summary>
    public static readonly Uri VmSnapshot = new("vm.snapshot", UriKind.Relative);

    /// <summary>PUT with a <see cref="RestoreConfig"/>: creates the VM from a snapshot on a VMM that has none (it stays paused).</summary>
    public static readonly Uri VmRestore = new("vm.restore", UriKind.Relative);

    /// <summary>PUT with a <see cref="VmResize"/>: hotplugs memory (virtio-mem or ACPI) and/or vCPUs.</summary>
    public static readonly Uri VmResize = new("vm.resize", UriKind.Relative);

    /// <summary>PUT without a body: shuts the VM down (the VMM keeps running).</summary>
    public static readonly Uri VmShutdown = new("vm.shutdown", UriKind.Relative);

    /// <summary>The absolute path of a route as the server sees it, e.g. /api/v1/vm.pause (for messages).</summary>
    public static string PathOf(Uri route) => new Uri(Root, route).AbsolutePath;
}
