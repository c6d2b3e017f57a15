using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using RedoxBuild.Cache.Entries;

namespace RedoxBuild.Cache.Stores.Oci;

internal sealed record OciDescriptor(string MediaType, string Digest, long Size, Dictionary<string, string>? Annotations = null);

/// <summary>An OCI image manifest used as an artifact (ORAS style): an artifactType, a config blob and layers.</summary>
internal sealed record OciManifest(int SchemaVersion, string MediaType, string? ArtifactType, OciDescriptor Config, IReadOnlyList<OciDescriptor> Layers, Dictionary<string, string>? Annotations);

internal sealed record OciTokenResponse(string? Token, [property: JsonPropertyName("access_token")] string? AccessToken);

/// <summary>
/// How an output looks in a registry: the manifest tagged with the content key, whose config blob is the signed
/// cache record (so a reader needs no other source of truth) and whose single layer is the archive. Annotations
/// repeat the record's fields for people browsing the registry; readers ignore them.
/// </summary>
internal static class OciArtifact
{
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    public const string ArtifactType = "application/vnd.redox.build-output.v1";
    public const string ConfigMediaType = "application/vnd.redox.build-output.config.v1+json";
    public const string ArchiveMediaType = "application/vnd.redox.build-output.archive.v1";
    private const string Prefix = "org.redox-os.build.";

    public static byte[] Manifest(CacheEntry entry, string configDigest, long configSize)
    {
        var layerAnnotations = new Dictionary<string, string> { ["org.opencontainers.image.title"] = $"{entry.Recipe.Name}-{entry.Recipe.Version}.rdxoar" };
        var annotations = new Dictionary<string, string>
        {
            ["org.opencontainers.image.created"] = entry.Created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["org.opencontainers.image.title"] = entry.Recipe.Name,
            ["org.opencontainers.image.version"] = entry.Recipe.Version,
            [Prefix + "key"] = entry.Key,
            [Prefix + "output-sha256"] = entry.OutputSha256,
            [Prefix + "file-list-sha256"] = entry.FileListSha256,
            [Prefix + "build-seconds"] = entry.BuildSeconds.ToString(CultureInfo.InvariantCulture),
            [Prefix + "builder"] = $"{entry.Builder.Host} ({entry.Builder.Tool})",
            [Prefix + "signatures"] = string.Join(",", entry.Signatures.Select(s => $"{s.KeyName}:{s.Signature}")),
        };
        var manifest = new OciManifest(2, ManifestMediaType, ArtifactType,
            new OciDescriptor(ConfigMediaType, "sha256:" + configDigest, configSize),
            [new OciDescriptor(ArchiveMediaType, "sha256:" + entry.OutputSha256, entry.Size, layerAnnotations)],
            annotations);
        return JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Default.OciManifest);
    }

    /// <summary>The config digest (hex) of a manifest this build wrote, or an explanation why it is not one.</summary>
    public static string ConfigDigest(byte[] json, string key)
    {
        OciManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(json, OciJsonContext.Default.OciManifest);
        }
        catch (JsonException e)
        {
            throw new CacheIntegrityException($"the manifest tagged {key} is not valid JSON: {e.Message}");
        }
        if (manifest?.ArtifactType != ArtifactType || manifest.Config?.MediaType != ConfigMediaType || manifest.Layers is not [{ MediaType: ArchiveMediaType }])
            throw new CacheIntegrityException($"the manifest tagged {key} is not a Redox build output (artifactType {manifest?.ArtifactType ?? "missing"})");
        var digest = manifest.Config.Digest;
        if (!digest.StartsWith("sha256:", StringComparison.Ordinal) || !CacheIdentifiers.IsSha256Hex(digest[7..]) || manifest.Config.Size is <= 0 or > Http.HttpFailures.MaxEntryBytes)
            throw new CacheIntegrityException($"the manifest tagged {key} has an unusable config descriptor");
        return digest[7..];
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OciManifest))]
[JsonSerializable(typeof(OciTokenResponse))]
internal sealed partial class OciJsonContext : JsonSerializerContext;
