using System.Text.Json.Serialization;

namespace RedoxBuild.Docker;

/// <summary>POST /containers/create: the container's config, with the name going into the query string.</summary>
public sealed record CreateContainerParameters
{
    /// <summary>The container's name (?name=); none lets the daemon pick one.</summary>
    [JsonIgnore]
    public string? Name { get; init; }

    public string? Image { get; init; }
    public IList<string>? Cmd { get; init; }
    public IList<string>? Entrypoint { get; init; }

    /// <summary>NAME=value entries.</summary>
    public IList<string>? Env { get; init; }

    public string? WorkingDir { get; init; }

    /// <summary>"uid:gid", a user name, or none for the image's user.</summary>
    public string? User { get; init; }

    public bool Tty { get; init; }
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    public bool OpenStdin { get; init; }
    public IDictionary<string, string>? Labels { get; init; }
    public HostConfig? HostConfig { get; init; }
}

/// <summary>How the host runs the container: mounts, network, and what happens when it stops.</summary>
public sealed record HostConfig
{
    /// <summary>"host-path:container-path[:ro]" entries.</summary>
    public IList<string>? Binds { get; init; }

    /// <summary>"none", "host", "bridge" or a network's name.</summary>
    public string? NetworkMode { get; init; }

    /// <summary>Never set by the build: removal races with reading the logs and the exit code.</summary>
    public bool AutoRemove { get; init; }

    public bool? Init { get; init; }
    public IList<string>? CapAdd { get; init; }
}

/// <summary>The daemon's answer to a create: the new container's ID and any warnings.</summary>
public sealed record CreateContainerResponse
{
    [JsonPropertyName("Id")]
    public string ID { get; init; } = "";

    public IList<string>? Warnings { get; init; }
}

/// <summary>POST /containers/{id}/start.</summary>
public sealed record ContainerStartParameters
{
    public string? DetachKeys { get; init; }
}

/// <summary>POST /containers/{id}/wait: the exit status once the container stops.</summary>
public sealed record ContainerWaitResponse
{
    public long StatusCode { get; init; }
    public WaitError? Error { get; init; }
}

public sealed record WaitError
{
    public string? Message { get; init; }
}

/// <summary>GET /containers/{id}/logs.</summary>
public sealed record ContainerLogsParameters
{
    public bool? ShowStdout { get; init; }
    public bool? ShowStderr { get; init; }

    /// <summary>Keep the stream open until the container stops.</summary>
    public bool? Follow { get; init; }

    public bool? Timestamps { get; init; }

    /// <summary>"all" or a number of lines from the end.</summary>
    public string? Tail { get; init; }
}

/// <summary>DELETE /containers/{id}.</summary>
public sealed record ContainerRemoveParameters
{
    /// <summary>Kill a running container first.</summary>
    public bool? Force { get; init; }

    public bool? RemoveVolumes { get; init; }
}

/// <summary>GET /containers/json.</summary>
public sealed record ContainersListParameters
{
    /// <summary>Stopped containers too (the default lists running ones only).</summary>
    public bool? All { get; init; }

    public IDictionary<string, IDictionary<string, bool>>? Filters { get; init; }
}

/// <summary>One container from GET /containers/json.</summary>
public sealed record ContainerListResponse
{
    [JsonPropertyName("Id")]
    public string ID { get; init; } = "";

    public IList<string>? Names { get; init; }
    public string? Image { get; init; }

    [JsonPropertyName("ImageID")]
    public string? ImageID { get; init; }

    public string? Command { get; init; }
    public long Created { get; init; }
    public string? State { get; init; }
    public string? Status { get; init; }
    public IDictionary<string, string>? Labels { get; init; }
}
