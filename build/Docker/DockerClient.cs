namespace RedoxBuild.Docker;

/// <summary>A Docker Engine API client (Docker.DotNet's shape): one area of the API per property.</summary>
public interface IDockerClient : IDisposable
{
    DockerClientConfiguration Configuration { get; }
    ISystemOperations System { get; }
    IImageOperations Images { get; }
    IContainerOperations Containers { get; }
    IExecOperations Exec { get; }

    /// <summary>The API version requests use (negotiated with the daemon on first use unless one was requested).</summary>
    Task<Version> GetApiVersionAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Talks to dockerd or Podman's Docker-compatible service: <c>new DockerClientConfiguration().CreateClient()</c>.
/// Modern .NET speaks HTTP over a unix socket through SocketsHttpHandler, so no HTTP stack of its own is needed.
/// </summary>
public sealed class DockerClient : IDockerClient
{
    /// <summary>
    /// The newest API version this client is written against (Docker 24). Older daemons are spoken to in their own
    /// version; every request here exists unchanged since <see cref="MinApiVersion"/>.
    /// </summary>
    public static Version MaxApiVersion { get; } = new(1, 43);

    /// <summary>Exec's WorkingDir arrived in 1.35 (Docker 17.12); the build runs every recipe step with it.</summary>
    public static Version MinApiVersion { get; } = new(1, 35);

    private readonly DockerConnection _connection;

    internal DockerClient(DockerClientConfiguration configuration, Version? requestedApiVersion)
    {
        Configuration = configuration;
        _connection = new DockerConnection(configuration, requestedApiVersion);
        System = new SystemOperations(_connection);
        Images = new ImageOperations(_connection);
        Containers = new ContainerOperations(_connection);
        Exec = new ExecOperations(_connection);
    }

    public DockerClientConfiguration Configuration { get; }
    public ISystemOperations System { get; }
    public IImageOperations Images { get; }
    public IContainerOperations Containers { get; }
    public IExecOperations Exec { get; }

    public Task<Version> GetApiVersionAsync(CancellationToken cancellationToken = default) => _connection.ApiVersionAsync(cancellationToken);

    public void Dispose() => _connection.Dispose();
}
