using RedoxBuild.Cache;
using RedoxBuild.Cache.Signing;
using RedoxBuild.Cache.Stores;

namespace RedoxBuild.Tests.Cache.Support;

/// <summary>Builds caches for tests: key files on disk, fast retries, a captured log.</summary>
public sealed class CacheFactory(CacheTemp temp)
{
    public CapturedLog Log { get; } = new();

    /// <summary>Retries quick enough for tests, still exercising backoff.</summary>
    public static RetryOptions FastRetry { get; } = new() { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100), IdleTimeout = TimeSpan.FromSeconds(20) };

    /// <summary>Writes a signing key (deterministic per name) and returns its file and public key.</summary>
    public (string File, CachePublicKey Public) Key(string name)
    {
        var file = temp.Sub($"keys/{name}.secret");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, CacheSigningKey.FromSeed(name, Bytes.Random(32, name.GetHashCode(StringComparison.Ordinal))).ExportSecret());
        }
        return (file, CacheSigningKey.Load(file).PublicKey);
    }

    public CacheOptions Options(string localName, string? signingKey = null, IEnumerable<CachePublicKey>? trusted = null) => new()
    {
        LocalDirectory = temp.Sub(localName),
        SecretKeyFile = signingKey is null ? null : Key(signingKey).File,
        TrustedKeys = (trusted ?? []).Select(k => k.ToString()).ToList(),
        Retry = FastRetry,
        Builder = new("test-host", "redox-build test"),
    };

    public BuildCache Create(CacheOptions options, IReadOnlyList<IRemoteCacheStore>? remotes = null, TimeProvider? time = null) =>
        remotes is null ? BuildCache.Create(options, Log.Logger, time) : new BuildCache(options, remotes, Log.Logger, time);

    public static OutputMetadata Metadata(string recipe, double seconds = 60) => new(recipe, "1.0.0", TimeSpan.FromSeconds(seconds));
}
