using System.Net;

namespace RedoxBuild.Docker;

/// <summary>Containers: create, start, wait, read logs, remove, list.</summary>
public interface IContainerOperations
{
    /// <summary>GET /containers/json.</summary>
    Task<IList<ContainerListResponse>> ListContainersAsync(ContainersListParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>POST /containers/create?name=; a missing image throws <see cref="DockerImageNotFoundException"/>.</summary>
    Task<CreateContainerResponse> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>POST /containers/{id}/start: true when it started (204), false when it was already running (304).</summary>
    Task<bool> StartContainerAsync(string id, ContainerStartParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>POST /containers/{id}/wait: returns once the container has stopped.</summary>
    Task<ContainerWaitResponse> WaitContainerAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>GET /containers/{id}/logs: frames when <paramref name="tty"/> is false, the raw stream otherwise.</summary>
    Task<MultiplexedStream> GetContainerLogsAsync(string id, bool tty, ContainerLogsParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>DELETE /containers/{id}?force=.</summary>
    Task RemoveContainerAsync(string id, ContainerRemoveParameters parameters, CancellationToken cancellationToken = default);
}

internal sealed class ContainerOperations(DockerConnection connection) : IContainerOperations
{
    public Task<IList<ContainerListResponse>> ListContainersAsync(ContainersListParameters parameters, CancellationToken cancellationToken = default) =>
        connection.JsonAsync<IList<ContainerListResponse>>(HttpMethod.Get, "containers/json",
            new QueryString().Add("all", parameters.All).AddJson("filters", parameters.Filters), null, NotFoundMeans.Nothing, cancellationToken);

    public Task<CreateContainerResponse> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken = default) =>
        connection.JsonAsync<CreateContainerResponse>(HttpMethod.Post, "containers/create", new QueryString().Add("name", parameters.Name), parameters,
            NotFoundMeans.Image, cancellationToken);

    public async Task<bool> StartContainerAsync(string id, ContainerStartParameters parameters, CancellationToken cancellationToken = default) =>
        await connection.NoContentAsync(HttpMethod.Post, $"containers/{Escape(id)}/start", new QueryString().Add("detachKeys", parameters.DetachKeys), null,
            NotFoundMeans.Container, cancellationToken) != HttpStatusCode.NotModified;

    public Task<ContainerWaitResponse> WaitContainerAsync(string id, CancellationToken cancellationToken = default) =>
        connection.JsonAsync<ContainerWaitResponse>(HttpMethod.Post, $"containers/{Escape(id)}/wait", null, null, NotFoundMeans.Container, cancellationToken);

    public async Task<MultiplexedStream> GetContainerLogsAsync(string id, bool tty, ContainerLogsParameters parameters, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("stdout", parameters.ShowStdout).Add("stderr", parameters.ShowStderr).Add("follow", parameters.Follow)
            .Add("timestamps", parameters.Timestamps).Add("tail", parameters.Tail);
        var stream = await connection.StreamAsync(HttpMethod.Get, $"containers/{Escape(id)}/logs", query, null, NotFoundMeans.Container, cancellationToken);
        return new MultiplexedStream(stream, multiplexed: !tty);
    }

    public async Task RemoveContainerAsync(string id, ContainerRemoveParameters parameters, CancellationToken cancellationToken = default) =>
        await connection.NoContentAsync(HttpMethod.Delete, $"containers/{Escape(id)}", new QueryString().Add("force", parameters.Force).Add("v", parameters.RemoveVolumes),
            null, NotFoundMeans.Container, cancellationToken);

    internal static string Escape(string id) => Uri.EscapeDataString(id);
}
