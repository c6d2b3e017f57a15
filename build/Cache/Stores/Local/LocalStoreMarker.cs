using System.Text;
using System.Text.Json;
using RedoxBuild.Engine;

namespace RedoxBuild.Cache.Stores.Local;

/// <summary>
/// The file that says "this folder is a redox-build binary cache". Maintenance deletes files in the store (GC,
/// verify, trimming while cooking), so a folder --cache-dir names is only written to and cleaned once it carries
/// this marker. A missing or empty folder gets one; so does a folder from an earlier version that holds nothing
/// but the store's own names (<see cref="LocalStoreLayout"/>). Anything else is refused with a message, never touched.
/// </summary>
public static class LocalStoreMarker
{
    public const string FileName = "redox-build-cache.json";
    public const int FormatVersion = 1;

    private const int ExamplesShown = 5;

    /// <summary>Makes sure <paramref name="root"/> is a store this version may write and clean, or throws BuildFailure.</summary>
    public static void Claim(string root, DateTimeOffset now)
    {
        var marker = Path.Combine(root, FileName);
        if (File.Exists(marker))
        {
            CheckFormat(marker);
            return;
        }
        Directory.CreateDirectory(root);
        var foreign = LocalStoreLayout.ForeignPaths(root, ExamplesShown + 1);
        if (foreign.Count > 0) throw NotACache(root, foreign);
        Write(marker, now);
    }

    private static void Write(string marker, DateTimeOffset now)
    {
        var json = $$"""
            {
              "format": {{FormatVersion}},
              "what": "redox-build binary cache (ac/ records, cas/ archives, tmp/ staging); the build deletes only files it named here",
              "created": "{{now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}"
            }

            """;
        // Two builds initialising the same new folder both write a complete marker; rename makes either one whole.
        AtomicFile.WriteAsync(marker, Encoding.UTF8.GetBytes(json)).GetAwaiter().GetResult();
    }

    private static void CheckFormat(string marker)
    {
        int? format;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(marker));
            format = document.RootElement.ValueKind == JsonValueKind.Object
                     && document.RootElement.TryGetProperty("format", out var value)
                     && value.TryGetInt32(out var number) ? number : null;
        }
        catch (JsonException e)
        {
            throw new BuildFailure($"The binary cache marker {marker} is not valid JSON ({e.Message}). If the folder is a redox-build cache, delete the marker and run ./build.sh CacheGc to re-check it; otherwise point --cache-dir at another folder.", e);
        }
        if (format is null)
            throw new BuildFailure($"The binary cache marker {marker} has no \"format\" number. If the folder is a redox-build cache, delete the marker and run ./build.sh CacheGc to re-check it; otherwise point --cache-dir at another folder.");
        if (format > FormatVersion)
            throw new BuildFailure($"The binary cache {Path.GetDirectoryName(marker)} has format {format}, written by a newer redox-build (this one knows format {FormatVersion}). Use the newer build with it, or point --cache-dir at another folder.");
    }

    private static BuildFailure NotACache(string root, IReadOnlyList<string> foreign)
    {
        var examples = string.Join(", ", foreign.Take(ExamplesShown)) + (foreign.Count > ExamplesShown ? ", ..." : "");
        return new BuildFailure(
            $"The binary cache folder {root} has no {FileName} and holds files the cache did not write ({examples}). " +
            "The cache deletes files in its folder when it collects garbage, verifies or trims, so it leaves this one alone. " +
            "Point --cache-dir (CACHE_DIR) at a redox-build cache folder, or at an empty or new folder the cache may own.");
    }
}
