using System.Text.Json.Serialization;

namespace RedoxBuild.Docker;

/// <summary>GET /version: the daemon's versions, of which the API range decides what this client may ask.</summary>
public sealed record VersionResponse
{
    public string? Version { get; init; }

    /// <summary>The newest Engine API version the daemon speaks ("1.41" for Docker 20.10 and Podman 4).</summary>
    [JsonPropertyName("ApiVersion")]
    public string? APIVersion { get; init; }

    /// <summary>The oldest Engine API version the daemon still accepts.</summary>
    [JsonPropertyName("MinAPIVersion")]
    public string? MinAPIVersion { get; init; }

    public string? Os { get; init; }
    public string? Arch { get; init; }
    public string? KernelVersion { get; init; }
    public string? GitCommit { get; init; }
    public string? GoVersion { get; init; }
    public IList<ComponentVersion>? Components { get; init; }
}

/// <summary>One component of the engine (Engine, containerd, runc; Podman names itself here).</summary>
public sealed record ComponentVersion
{
    public string? Name { get; init; }
    public string? Version { get; init; }
}

/// <summary>GET /events: a window of the daemon's event stream; with Until set the stream ends there.</summary>
public sealed record ContainerEventsParameters
{
    /// <summary>Unix seconds, as a string (the API's own type).</summary>
    public string? Since { get; init; }

    public string? Until { get; init; }

    /// <summary>Docker.DotNet's shape: filter name to the set of accepted values, e.g. {"type": {"container": true}}.</summary>
    public IDictionary<string, IDictionary<string, bool>>? Filters { get; init; }
}

/// <summary>One event from GET /events.</summary>
public sealed record Message
{
    public string? Type { get; init; }
    public string? Action { get; init; }
    public Actor? Actor { get; init; }

    [JsonPropertyName("id")]
    public string? ID { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("from")]
    public string? From { get; init; }

    [JsonPropertyName("time")]
    public long Time { get; init; }

    [JsonPropertyName("timeNano")]
    public long TimeNano { get; init; }
}

/// <summary>What an event is about: the object's ID and attributes (a container's name, image and labels).</summary>
public sealed record Actor
{
    public string? ID { get; init; }
    public IDictionary<string, string>? Attributes { get; init; }
}
