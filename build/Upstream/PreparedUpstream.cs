using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RedoxBuild.Upstream;

/// <summary>
/// What PrepareUpstream made for a recipe, kept as build/upstream/&lt;recipe&gt;/upstream.json: FileUpstream reads it,
/// and the next PrepareUpstream uses it to tell its own branch from one the author changed.
/// </summary>
public sealed record PreparedUpstream(
    string Recipe,
    string? UpstreamUrl,
    string UpstreamRev,
    string? TargetBranch,
    string Branch,
    string Head,
    string SeriesSha256,
    IReadOnlyList<string> Patches,
    bool ChecksPassed,
    DateTimeOffset PreparedAt)
{
    /// <summary>The files in build/upstream/&lt;recipe&gt;/.</summary>
    public const string ManifestFile = "upstream.json";
    public const string DescriptionFile = "description.md";
    public const string TestReportFile = "test-report.md";
    public const string PatchesFolder = "patches";
    public const string RepositoryFolder = "repo";
    public const string FiledFile = "filed.json";

    private static readonly JsonSerializerOptions Json = ManifestJson.Options;

    public static PreparedUpstream? Load(string directory)
    {
        var path = Path.Combine(directory, ManifestFile);
        return File.Exists(path) ? JsonSerializer.Deserialize<PreparedUpstream>(File.ReadAllText(path), Json) : null;
    }

    public void Save(string directory) =>
        File.WriteAllText(Path.Combine(directory, ManifestFile), JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>One hash for the upstream revision and every patch (name and bytes): equal hashes, equal branch content.</summary>
    public static string HashSeries(string upstreamRev, PatchSeries series)
    {
        var text = new StringBuilder(upstreamRev).Append('\n');
        foreach (var patch in series.Patches)
            text.Append(patch.Name).Append('\0').Append(ExtractionRecord.Hash(File.ReadAllBytes(patch.Path))).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>Where a draft was filed, kept as filed.json so a second FileUpstream can say it was done already.</summary>
public sealed record FiledUpstream(string Forge, string Url, long Number, string Branch, string Head, DateTimeOffset FiledAt)
{
    private static readonly JsonSerializerOptions Json = ManifestJson.Options;

    public void Save(string directory) =>
        File.WriteAllText(Path.Combine(directory, PreparedUpstream.FiledFile), JsonSerializer.Serialize(this, Json) + "\n");
}

/// <summary>The JSON settings of the files in build/upstream/&lt;recipe&gt;/, frozen so no caller can change them.</summary>
internal static class ManifestJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
