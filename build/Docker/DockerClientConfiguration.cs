namespace RedoxBuild.Docker;

/// <summary>
/// Where the Engine API is and how to reach it (Docker.DotNet's shape). Without an explicit endpoint it is chosen in
/// this order: DOCKER_HOST; /var/run/docker.sock; Podman's rootful socket /run/podman/podman.sock (Redox's own builder
/// is Podman); the rootless $XDG_RUNTIME_DIR/podman/podman.sock. The first socket that exists wins; when none does,
/// /var/run/docker.sock is used and a failed request lists every place that was looked at.
/// </summary>
public sealed class DockerClientConfiguration
{
    public const string DockerSocket = "/var/run/docker.sock";
    public const string PodmanRootfulSocket = "/run/podman/podman.sock";

    /// <summary>Endpoint from <paramref name="environment"/> (the process environment when null), else the argument.</summary>
    public DockerClientConfiguration(Uri? endpoint = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (endpoint is not null)
        {
            EndpointBaseUri = endpoint;
            Candidates = [endpoint];
            return;
        }
        environment ??= System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        (EndpointBaseUri, Candidates) = ResolveEndpoint(environment, path => File.Exists(path));
    }

    /// <summary>A resolved endpoint with the places considered before it (see <see cref="ResolveEndpoint"/>).</summary>
    internal DockerClientConfiguration(Uri endpoint, IReadOnlyList<Uri> candidates)
    {
        EndpointBaseUri = endpoint;
        Candidates = candidates;
    }

    /// <summary>unix:///path or tcp://host:port.</summary>
    public Uri EndpointBaseUri { get; }

    /// <summary>The endpoints considered, in order, for "no daemon" messages.</summary>
    public IReadOnlyList<Uri> Candidates { get; }

    /// <summary>
    /// A client speaking <paramref name="requestedApiVersion"/>, or, when null, the lower of the daemon's newest API
    /// version (asked with GET /version on first use) and <see cref="DockerClient.MaxApiVersion"/>.
    /// </summary>
    public DockerClient CreateClient(Version? requestedApiVersion = null) => new(this, requestedApiVersion);

    /// <summary>The endpoint order above, with the file test injectable so the order can be checked without the sockets.</summary>
    internal static (Uri Endpoint, IReadOnlyList<Uri> Candidates) ResolveEndpoint(IReadOnlyDictionary<string, string> environment, Func<string, bool> exists)
    {
        if (environment.GetValueOrDefault("DOCKER_HOST") is { Length: > 0 } host)
        {
            var uri = ParseHost(host);
            return (uri, [uri]);
        }
        var sockets = new List<string> { DockerSocket, PodmanRootfulSocket };
        if (environment.GetValueOrDefault("XDG_RUNTIME_DIR") is { Length: > 0 } runtime)
            sockets.Add(Path.Combine(runtime, "podman", "podman.sock"));
        var candidates = sockets.Select(UnixUri).ToList();
        var found = sockets.FindIndex(s => exists(s));
        return (candidates[found < 0 ? 0 : found], candidates);
    }

    /// <summary>The socket path of a unix:// endpoint.</summary>
    public static string SocketPath(Uri endpoint) => endpoint.Scheme == "unix"
        ? Uri.UnescapeDataString(endpoint.AbsolutePath)
        : throw new ArgumentException($"{endpoint} is not a unix:// endpoint.", nameof(endpoint));

    public static Uri UnixUri(string socketPath) => new("unix://" + socketPath);

    private static Uri ParseHost(string host)
    {
        if (!Uri.TryCreate(host, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp") || (uri.Scheme == "unix" && uri.AbsolutePath.Length <= 1))
            throw new ArgumentException(
                $"DOCKER_HOST={host} is not an endpoint this build can use: give unix:///path/to/docker.sock or tcp://host:port " +
                "(plain TCP; for TLS or ssh:// daemons forward the socket, e.g. ssh -L /tmp/docker.sock:/var/run/docker.sock host).");
        return uri;
    }
}
