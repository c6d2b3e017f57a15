namespace RedoxBuild.Docker;

/// <summary>The daemon itself: is it there, which versions, what happened.</summary>
public interface ISystemOperations
{
    /// <summary>GET /_ping: succeeds when the daemon answers.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);

    /// <summary>GET /version (unversioned, so it also works before the API version is known).</summary>
    Task<VersionResponse> GetVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>GET /events: reports each event until the window's Until is reached or the token is cancelled.</summary>
    Task MonitorEventsAsync(ContainerEventsParameters parameters, IProgress<Message> progress, CancellationToken cancellationToken = default);
}

internal sealed class SystemOperations(DockerConnection connection) : ISystemOperations
{
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        using var _ = await connection.SendAsync(HttpMethod.Get, "_ping", null, null, NotFoundMeans.Nothing, cancellationToken, versioned: false);
    }

    public Task<VersionResponse> GetVersionAsync(CancellationToken cancellationToken = default) =>
        connection.JsonAsync<VersionResponse>(HttpMethod.Get, "version", null, null, NotFoundMeans.Nothing, cancellationToken, versioned: false);

    public async Task MonitorEventsAsync(ContainerEventsParameters parameters, IProgress<Message> progress, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("since", parameters.Since).Add("until", parameters.Until).AddJson("filters", parameters.Filters);
        await using var stream = await connection.StreamAsync(HttpMethod.Get, "events", query, null, NotFoundMeans.Nothing, cancellationToken);
        await DockerConnection.ReadJsonLinesAsync<Message>(stream, progress.Report, cancellationToken);
    }
}
