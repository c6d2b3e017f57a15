using System.Text.Json;
using System.Text.Json.Serialization;

namespace RedoxBuild.Cache.Entries;

/// <summary>An ac/ record that is not a usable entry (malformed JSON, wrong schema, wrong key, bad digests).</summary>
public sealed class CacheEntryException(string message) : Exception(message);

/// <summary>Reads and writes ac/ records. Writing is deterministic (fixed property order, no indentation).</summary>
public static class CacheEntryJson
{
    public static byte[] Serialize(CacheEntry entry) => JsonSerializer.SerializeToUtf8Bytes(entry, CacheJsonContext.Default.CacheEntry);

    /// <summary>Parses and validates a record fetched for <paramref name="expectedKey"/>; <paramref name="source"/> names where it came from.</summary>
    public static CacheEntry Parse(ReadOnlySpan<byte> json, string expectedKey, string source)
    {
        CacheEntry? entry;
        try
        {
            entry = JsonSerializer.Deserialize(json, CacheJsonContext.Default.CacheEntry);
        }
        catch (JsonException e)
        {
            throw new CacheEntryException($"ac/{expectedKey} from {source} is not a valid cache entry: {e.Message}");
        }

        string? problem = entry switch
        {
            null => "it is JSON null",
            { Schema: not CacheEntry.CurrentSchema } => $"schema '{entry.Schema}' is not {CacheEntry.CurrentSchema} (written by another version of the build)",
            _ when entry.Key != expectedKey => $"it describes key {entry.Key}",
            _ when !CacheIdentifiers.IsSha256Hex(entry.OutputSha256) => "outputSha256 is not 64 lowercase hex characters",
            _ when !CacheIdentifiers.IsSha256Hex(entry.FileListSha256) => "fileListSha256 is not 64 lowercase hex characters",
            _ when entry.Size <= 0 => $"size {entry.Size} is not positive",
            _ when entry.FileCount < 0 || entry.BuildSeconds < 0 || !double.IsFinite(entry.BuildSeconds) => "fileCount or buildSeconds is negative",
            _ when entry.Recipe is null || entry.Builder is null => "recipe or builder is missing",
            _ when entry.Signatures is null || entry.Signatures.Any(s => s is null || string.IsNullOrEmpty(s.KeyName) || string.IsNullOrEmpty(s.Signature)) => "a signature is incomplete",
            _ => null,
        };
        return problem is null ? entry! : throw new CacheEntryException($"ac/{expectedKey} from {source} is not a usable cache entry: {problem}.");
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(CacheEntry))]
internal sealed partial class CacheJsonContext : JsonSerializerContext;
