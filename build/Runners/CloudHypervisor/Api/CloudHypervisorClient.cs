namespace RedoxBuild.CloudHypervisor.Api;

/// <summary>The VMM process itself (Octokit-style: one client per area of the API).</summary>
public interface IVmmClient
{
    /// <summary>GET vmm.ping: the VMM's version; answers with or without a VM, so it tells whether the VMM is up.</summary>
    Task<VmmPingResponse> Ping(CancellationToken cancellationToken = default);

    /// <summary>PUT vmm.shutdown: stops the VMM process (and the VM in it).</summary>
    Task Shutdown(CancellationToken cancellationToken = default);
}

/// <summary>The VM inside the VMM.</summary>
public interface IVmClient
{
    /// <summary>GET vm.info.</summary>
    Task<VmInfo> GetInfo(CancellationToken cancellationToken = default);

    /// <summary>PUT vm.pause: Running to Paused.</summary>
    Task Pause(CancellationToken cancellationToken = default);

    /// <summary>PUT vm.resume: Paused to Running.</summary>
    Task Resume(CancellationToken cancellationToken = default);

    /// <summary>PUT vm.snapshot: the VM must be paused; the directory must exist.</summary>
    Task Snapshot(VmSnapshotConfig config, CancellationToken cancellationToken = default);

    /// <summary>PUT vm.restore: only on a VMM without a VM; the restored VM is paused.</summary>
    Task Restore(RestoreConfig config, CancellationToken cancellationToken = default);

    /// <summary>PUT vm.resize.</summary>
    Task Resize(VmResize resize, CancellationToken cancellationToken = default);

    /// <summary>PUT vm.shutdown.</summary>
    Task Shutdown(CancellationToken cancellationToken = default);
}

public interface ICloudHypervisorClient
{
    IVmmClient Vmm { get; }
    IVmClient Vm { get; }
}

/// <summary>A typed client of Cloud Hypervisor's REST API: <c>new CloudHypervisorClient(socket).Vm.Pause()</c>.</summary>
public sealed class CloudHypervisorClient : ICloudHypervisorClient, IDisposable
{
    private readonly IConnection _connection;
    private readonly bool _ownsConnection;

    /// <summary>A client of the VMM serving its API on <paramref name="socketPath"/> (cloud-hypervisor --api-socket).</summary>
    public CloudHypervisorClient(string socketPath) : this(new UnixSocketConnection(socketPath), ownsConnection: true)
    {
    }

    public CloudHypervisorClient(IConnection connection) : this(connection, ownsConnection: false)
    {
    }

    private CloudHypervisorClient(IConnection connection, bool ownsConnection)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
        Vmm = new VmmClient(connection);
        Vm = new VmClient(connection);
    }

    public IVmmClient Vmm { get; }
    public IVmClient Vm { get; }

    public void Dispose()
    {
        if (_ownsConnection) (_connection as IDisposable)?.Dispose();
    }

    private sealed class VmmClient(IConnection connection) : IVmmClient
    {
        public Task<VmmPingResponse> Ping(CancellationToken cancellationToken = default) => connection.Get<VmmPingResponse>(ApiUrls.VmmPing, cancellationToken);
        public Task Shutdown(CancellationToken cancellationToken = default) => connection.Put(ApiUrls.VmmShutdown, null, cancellationToken);
    }

    private sealed class VmClient(IConnection connection) : IVmClient
    {
        public Task<VmInfo> GetInfo(CancellationToken cancellationToken = default) => connection.Get<VmInfo>(ApiUrls.VmInfo, cancellationToken);
        public Task Pause(CancellationToken cancellationToken = default) => connection.Put(ApiUrls.VmPause, null, cancellationToken);
        public Task Resume(CancellationToken cancellationToken = default) => connection.Put(ApiUrls.VmResume, null, cancellationToken);
        public Task Snapshot(VmSnapshotConfig config, CancellationToken cancellationToken = default) => connection.Put(ApiUrls.VmSnapshot, config, cancellationToken);
        public Task Restore(RestoreConfig config, CancellationToken cancellationToken = default) => connection.Put(ApiUrls.VmRestore, config, cancellationToken);
        public Task Resize(VmResize resize, CancellationToken cancellationToken = default) => connection.Put(ApiUrls.VmResize, resize, cancellationToken);
        public Task Shutdown(CancellationToken cancellationToken = default) => connection.Put(ApiUrls.VmShutdown, null, cancellationToken);
    }
}
