namespace RedoxBuild.Cook.Scripting;

/// <summary>Where sccache keeps compiled objects.</summary>
public abstract record SccacheBackend
{
    /// <summary>The SCCACHE_* variables that select this backend.</summary>
    public abstract IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>
    /// Secret variables this backend reads from the inherited environment, so they stay in recipe scripts' environment
    /// although the build otherwise withholds its secrets there: sccache runs as a compiler wrapper inside the script
    /// and the server it starts on first use inherits the script's environment.
    /// </summary>
    public virtual IReadOnlyList<string> Credentials => [];
}

/// <summary>A directory on this machine (SCCACHE_DIR); by default under the source cache, which containers mount too.</summary>
public sealed record SccacheLocal(string Directory) : SccacheBackend
{
    public override IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string> { ["SCCACHE_DIR"] = Directory };

    public override string ToString() => $"local directory {Directory}";
}

/// <summary>An S3 bucket (SCCACHE_BUCKET), on AWS or at an S3-compatible endpoint (SCCACHE_ENDPOINT: MinIO, Ceph, R2).</summary>
public sealed record SccacheS3(string Bucket, string? Endpoint) : SccacheBackend
{
    public override IReadOnlyDictionary<string, string> Variables => Endpoint is null
        ? new Dictionary<string, string> { ["SCCACHE_BUCKET"] = Bucket }
        : new Dictionary<string, string> { ["SCCACHE_BUCKET"] = Bucket, ["SCCACHE_ENDPOINT"] = Endpoint };

    public override IReadOnlyList<string> Credentials => ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

    public override string ToString() => Endpoint is null ? $"S3 bucket {Bucket}" : $"S3 bucket {Bucket} at {Endpoint}";
}

/// <summary>A Redis server (SCCACHE_REDIS=redis://[:password@]host[:port][/db]).</summary>
public sealed record SccacheRedis(string Url) : SccacheBackend
{
    public override IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string> { ["SCCACHE_REDIS"] = Url };

    // The URL may carry a password; the build also registers --sccache-redis as a secret.
    public override string ToString() => "Redis";
}

/// <summary>
/// sccache for recipe builds: RUSTC_WRAPPER for cargo and a wrapped CC/CXX (upstream's CC_WRAPPER) for configure,
/// cmake, meson and cc-rs. These settings are deliberately NOT part of any recipe's content key: a cache hit returns
/// the object the compiler would have produced, so outputs are the same with or without sccache and switching it on
/// or off must not rebuild anything.
/// </summary>
public sealed record SccacheSettings(SccacheBackend Backend, IReadOnlyDictionary<string, string> PassThrough)
{
    /// <summary>Variables that pick a backend; only the chosen backend's are set, the others are unset, so a stray one
    /// in the caller's environment cannot silently redirect the cache.</summary>
    private static readonly string[] BackendVariables = ["SCCACHE_DIR", "SCCACHE_BUCKET", "SCCACHE_ENDPOINT", "SCCACHE_REDIS"];

    /// <summary>
    /// Redis when a URL is given, else S3 when a bucket is given, else the local directory; every other SCCACHE_*
    /// variable of the build's environment (SCCACHE_SERVER_PORT, SCCACHE_REGION, SCCACHE_LOG, ...) is passed on.
    /// </summary>
    public static SccacheSettings Choose(string? redis, string? bucket, string? endpoint, string localDirectory, IReadOnlyDictionary<string, string> environment)
    {
        SccacheBackend backend = redis is { Length: > 0 } ? new SccacheRedis(redis)
            : bucket is { Length: > 0 } ? new SccacheS3(bucket, endpoint is { Length: > 0 } ? endpoint : null)
            : new SccacheLocal(localDirectory);
        var passThrough = environment
            .Where(e => e.Key.StartsWith("SCCACHE_", StringComparison.Ordinal) && !BackendVariables.Contains(e.Key))
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        return new SccacheSettings(backend, passThrough);
    }

    /// <summary>Adds the wrapper and backend variables to a recipe's environment, wrapping CC and CXX (and their cc-rs forms).</summary>
    public void ApplyTo(IDictionary<string, string?> environment, TargetPlatform target)
    {
        environment["RUSTC_WRAPPER"] = "sccache";
        environment["CC_WRAPPER"] = "sccache";
        foreach (var variable in new[] { "CC", "CXX" })
            foreach (var name in new[] { variable, $"{variable}_{target.CcRsSuffix}" })
                if (environment.TryGetValue(name, out var compiler) && compiler is not null)
                    environment[name] = $"sccache {compiler}"; // configure, make, meson and cc-rs all accept a launcher word here
        foreach (var name in BackendVariables) environment[name] = null;
        foreach (var (name, value) in PassThrough) environment[name] = value;
        foreach (var (name, value) in Backend.Variables) environment[name] = value;
    }
}
