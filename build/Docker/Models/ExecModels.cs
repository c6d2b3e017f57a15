using System.Text.Json.Serialization;

namespace RedoxBuild.Docker;

/// <summary>POST /containers/{id}/exec: a process to run in a running container.</summary>
public sealed record ContainerExecCreateParameters
{
    public IList<string>? Cmd { get; init; }

    /// <summary>NAME=value entries added to the container's environment (they cannot unset anything).</summary>
    public IList<string>? Env { get; init; }

    /// <summary>Needs Engine API 1.35 or newer.</summary>
    public string? WorkingDir { get; init; }

    public string? User { get; init; }
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    public bool Tty { get; init; }
    public bool Privileged { get; init; }
}

public sealed record ContainerExecCreateResponse
{
    [JsonPropertyName("Id")]
    public string ID { get; init; } = "";
}

/// <summary>GET /exec/{id}/json: whether the process still runs and, once it ended, its exit code.</summary>
public sealed record ContainerExecInspectResponse
{
    [JsonPropertyName("ID")]
    public string ID { get; init; } = "";

    public bool Running { get; init; }
    public long ExitCode { get; init; }
    public long Pid { get; init; }

    [JsonPropertyName("ContainerID")]
    public string? ContainerID { get; init; }
}
