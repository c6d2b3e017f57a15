using System.Text.Json.Serialization;

namespace RedoxBuild.Docker;

/// <summary>GET /images/json.</summary>
public sealed record ImagesListParameters
{
    public bool? All { get; init; }
    public IDictionary<string, IDictionary<string, bool>>? Filters { get; init; }
}

/// <summary>One image from GET /images/json.</summary>
public sealed record ImagesListResponse
{
    [JsonPropertyName("Id")]
    public string ID { get; init; } = "";

    [JsonPropertyName("ParentId")]
    public string? ParentID { get; init; }

    public IList<string>? RepoTags { get; init; }
    public IList<string>? RepoDigests { get; init; }
    public long Created { get; init; }
    public long Size { get; init; }
    public IDictionary<string, string>? Labels { get; init; }
}

/// <summary>GET /images/{name}/json.</summary>
public sealed record ImageInspectResponse
{
    /// <summary>sha256:... of the image's config: changes whenever anything in the image changes.</summary>
    [JsonPropertyName("Id")]
    public string ID { get; init; } = "";

    public IList<string>? RepoTags { get; init; }
    public string? Created { get; init; }
    public string? Architecture { get; init; }
    public string? Os { get; init; }
    public long Size { get; init; }
    public ImageConfig? Config { get; init; }
}

/// <summary>The run defaults an image carries (Docker.DotNet calls this Config).</summary>
public sealed record ImageConfig
{
    public IList<string>? Env { get; init; }
    public IList<string>? Cmd { get; init; }
    public IList<string>? Entrypoint { get; init; }
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
    public IDictionary<string, string>? Labels { get; init; }
}

/// <summary>POST /images/create?fromImage=&amp;tag=: a pull.</summary>
public sealed record ImagesCreateParameters
{
    public string? FromImage { get; init; }
    public string? Tag { get; init; }
    public string? Platform { get; init; }
}

/// <summary>POST /images/create?fromSrc=-&amp;repo=&amp;tag=: an import of a root filesystem tarball (docker import).</summary>
public sealed record ImagesImportParameters
{
    /// <summary>"-" reads the tarball from the request body; a URL makes the daemon download it.</summary>
    public string SourceName { get; init; } = "-";

    public string? RepositoryName { get; init; }
    public string? Tag { get; init; }
    public string? Message { get; init; }

    /// <summary>Dockerfile instructions applied to the imported image, e.g. "ENV PATH=/bin".</summary>
    public IList<string>? Changes { get; init; }
}

/// <summary>POST /build: the legacy builder, with a tar context in the body.</summary>
public sealed record ImageBuildParameters
{
    /// <summary>name:tag for the result; several are allowed.</summary>
    public IList<string>? Tags { get; init; }

    /// <summary>The Dockerfile's path inside the context (Containerfile works as well).</summary>
    public string? Dockerfile { get; init; }

    public IDictionary<string, string>? BuildArgs { get; init; }
    public IDictionary<string, string>? Labels { get; init; }

    /// <summary>Remove intermediate containers after a successful build (the API's default too).</summary>
    public bool? Remove { get; init; }

    /// <summary>Remove intermediate containers even when the build fails.</summary>
    public bool? ForceRemove { get; init; }

    public bool? NoCache { get; init; }

    /// <summary>Pull newer versions of the FROM images; false keeps a local base offline.</summary>
    public bool? Pull { get; init; }
}

/// <summary>Registry credentials, sent base64url-encoded in X-Registry-Auth.</summary>
public sealed record AuthConfig
{
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    [JsonPropertyName("password")]
    public string? Password { get; init; }

    [JsonPropertyName("serveraddress")]
    public string? ServerAddress { get; init; }

    [JsonPropertyName("identitytoken")]
    public string? IdentityToken { get; init; }
}

/// <summary>
/// One line of the newline-delimited JSON that pulls, imports and builds stream: build output ("stream"), progress
/// ("status", "progress", "progressDetail"), or an error ("error", "errorDetail"), which arrives with status 200.
/// </summary>
public sealed record JSONMessage
{
    [JsonPropertyName("stream")]
    public string? Stream { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("id")]
    public string? ID { get; init; }

    [JsonPropertyName("progressDetail")]
    public JSONProgress? Progress { get; init; }

    [JsonPropertyName("progress")]
    public string? ProgressMessage { get; init; }

    [JsonPropertyName("errorDetail")]
    public JSONError? Error { get; init; }

    [JsonPropertyName("error")]
    public string? ErrorMessage { get; init; }

    [JsonPropertyName("aux")]
    public System.Text.Json.JsonElement? Aux { get; init; }
}

public sealed record JSONProgress
{
    [JsonPropertyName("current")]
    public long Current { get; init; }

    [JsonPropertyName("total")]
    public long Total { get; init; }
}

public sealed record JSONError
{
    [JsonPropertyName("code")]
    public int Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
