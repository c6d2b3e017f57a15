using System.Text.Json.Serialization;

namespace RedoxBuild.Cache.Entries;

/// <summary>
/// The action-cache record stored as ac/&lt;key&gt;: which content-addressed archive (cas/&lt;OutputSha256&gt;) holds the
/// output built for a content key, plus who built it and when. Only <see cref="Fingerprint"/> is signed: the other
/// fields are informational and cannot redirect a reader to different bytes.
/// </summary>
public sealed record CacheEntry
{
    /// <summary>Bump when the record or the archive format changes incompatibly; readers treat other schemas as misses.</summary>
    public const string CurrentSchema = "redox-build-cache-entry/1";

    public required string Schema { get; init; }
    public required string Key { get; init; }

    /// <summary>SHA-256 (hex) of the output archive, which is also its name in cas/.</summary>
    public required string OutputSha256 { get; init; }

    /// <summary>Archive size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>SHA-256 (hex) of the archive's listing (paths, kinds, modes, sizes, link targets) without file contents.</summary>
    public required string FileListSha256 { get; init; }

    public required int FileCount { get; init; }
    public required RecipeIdentity Recipe { get; init; }
    public required BuilderInfo Builder { get; init; }

    /// <summary>How long the build took; a hit saves this much (the cache report sums it).</summary>
    public required double BuildSeconds { get; init; }

    public required DateTimeOffset Created { get; init; }
    public IReadOnlyList<EntrySignature> Signatures { get; init; } = [];

    [JsonIgnore]
    public string Fingerprint => CacheFingerprint.For(Key, OutputSha256, Size);

    [JsonIgnore]
    public TimeSpan BuildDuration => TimeSpan.FromSeconds(BuildSeconds);
}

/// <summary>The recipe an output belongs to, for people reading the cache (not part of the key check).</summary>
public sealed record RecipeIdentity(string Name, string Version);

/// <summary>Which machine and build tool produced an entry: what you want to know when an entry turns out bad.</summary>
public sealed record BuilderInfo(string Host, string Tool);

/// <summary>An Ed25519 signature (base64) over <see cref="CacheEntry.Fingerprint"/> by the key called KeyName.</summary>
public sealed record EntrySignature(string KeyName, string Signature);

/// <summary>The signed text. Versioned, so a future format cannot be confused with this one.</summary>
public static class CacheFingerprint
{
    public const string Version = "redox-build-cache-1";

    public static string For(string key, string outputSha256, long size) => $"{Version};{key};sha256:{outputSha256};{size}";
}
