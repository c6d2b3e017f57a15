using RedoxBuild.Cache.Entries;
using RedoxBuild.Cache.Stores;

namespace RedoxBuild.Cache;

/// <summary>Credentials for remotes. Token: bearer token for http(s):// and the password for oci:// with User.</summary>
public sealed record CacheCredentials(SecretText? Token = null, string? User = null, SecretText? S3AccessKey = null, SecretText? S3SecretKey = null)
{
    public static CacheCredentials None { get; } = new();
}

/// <summary>Everything the binary cache is configured with; Build.Cache.cs fills it from the parameters.</summary>
public sealed record CacheOptions
{
    public const long DefaultSizeLimit = 20L * 1024 * 1024 * 1024;

    /// <summary>The local store's directory (ac/, cas/, tmp/).</summary>
    public required string LocalDirectory { get; init; }

    /// <summary>The local store is trimmed (least recently used first) when it grows past this.</summary>
    public long LocalSizeLimit { get; init; } = DefaultSizeLimit;

    /// <summary>Remotes in lookup order: http(s)://host/prefix, oci://host[:port]/repository, s3://bucket/prefix.</summary>
    public IReadOnlyList<string> RemoteUrls { get; init; } = [];

    /// <summary>Never write to remotes (the local store is still written): for untrusted builds such as pull requests.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>A cache that fails (not a plain miss) fails the build instead of warning.</summary>
    public bool RequireCache { get; init; }

    /// <summary>Public keys (name:base64) whose signatures make entries usable.</summary>
    public IReadOnlyList<string> TrustedKeys { get; init; } = [];

    public string? TrustedKeysFile { get; init; }

    /// <summary>The signing key file (CacheKeygen writes it). Without it entries are stored unsigned and the local store is trusted as is.</summary>
    public string? SecretKeyFile { get; init; }

    public CacheCredentials Credentials { get; init; } = CacheCredentials.None;

    /// <summary>S3-compatible endpoint, e.g. http://127.0.0.1:4568 for s3rver or a MinIO/R2 URL; null means AWS.</summary>
    public string? S3Endpoint { get; init; }

    public string S3Region { get; init; } = "us-east-1";

    /// <summary>How many remote transfers run at once.</summary>
    public int Jobs { get; init; } = 4;

    public RetryOptions Retry { get; init; } = new();

    /// <summary>Recorded in every entry this build writes.</summary>
    public BuilderInfo Builder { get; init; } = new(Environment.MachineName, "redox-build");
}
