namespace RedoxBuild.Docker;

/// <summary>Processes run inside a running container (docker exec).</summary>
public interface IExecOperations
{
    /// <summary>POST /containers/{id}/exec: prepares the process; nothing runs until it is started.</summary>
    Task<ContainerExecCreateResponse> ExecCreateContainerAsync(string id, ContainerExecCreateParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>
    /// POST /exec/{id}/start attached: the answer is the process's output, which ends when the process does. The
    /// daemon takes the connection over (no length, no chunks), so the body is read until the socket closes.
    /// </summary>
    Task<MultiplexedStream> StartAndAttachContainerExecAsync(string id, bool tty, CancellationToken cancellationToken = default);

    /// <summary>GET /exec/{id}/json: running or not, and the exit code once it ended.</summary>
    Task<ContainerExecInspectResponse> InspectContainerExecAsync(string id, CancellationToken cancellationToken = default);
}

internal sealed class ExecOperations(DockerConnection connection) : IExecOperations
{
    public Task<ContainerExecCreateResponse> ExecCreateContainerAsync(string id, ContainerExecCreateParameters parameters, CancellationToken cancellationToken = default) =>
        connection.JsonAsync<ContainerExecCreateResponse>(HttpMethod.Post, $"containers/{ContainerOperations.Escape(id)}/exec", null, parameters,
            NotFoundMeans.Container, cancellationToken);

    public async Task<MultiplexedStream> StartAndAttachContainerExecAsync(string id, bool tty, CancellationToken cancellationToken = default)
    {
        var stream = await connection.StreamAsync(HttpMethod.Post, $"exec/{ContainerOperations.Escape(id)}/start", null,
            DockerConnection.JsonContent(new { Detach = false, Tty = tty }), NotFoundMeans.Nothing, cancellationToken);
        return new MultiplexedStream(stream, multiplexed: !tty);
    }

    public Task<ContainerExecInspectResponse> InspectContainerExecAsync(string id, CancellationToken cancellationToken = default) =>
        connection.JsonAsync<ContainerExecInspectResponse>(HttpMethod.Get, $"exec/{ContainerOperations.Escape(id)}/json", null, null, NotFoundMeans.Nothing, cancellationToken);
}
