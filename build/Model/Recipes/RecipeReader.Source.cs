using System.Text.RegularExpressions;
using RedoxBuild.Toml;
using static RedoxBuild.Model.TomlReads;

namespace RedoxBuild.Model.Recipes;

public sealed partial class RecipeReader
{
    // The key that picks the kind of source, and the keys each kind reads (upstream's untagged SourceRecipe).
    private static readonly string[] SourceKinds = ["git", "tar", "path", "same_as"];
    private static readonly string[] GitKeys = ["git", "upstream", "branch", "rev", "shallow_clone", "patches", "script"];
    private static readonly string[] TarKeys = ["tar", "blake3", "sha256", "patches", "script"];
    private static readonly string[] AllSourceKeys = [.. GitKeys, .. TarKeys.Except(GitKeys), "path", "same_as"];

    private RecipeSource? ReadSource(TomlTable document)
    {
        if (!document.TryGetTable("source", out var source)) return null;
        if (source.Count == 0)
            throw new ModelException(source.Position, "[source] is empty: give one of git, tar, path or same_as, or remove the table to build without a source");

        var kinds = source.Entries.Where(e => SourceKinds.Contains(e.Key)).ToList();
        if (kinds.Count == 0)
            throw new ModelException(source.Position, $"[source] needs one of git, tar, path or same_as (found only {string.Join(", ", source.Keys.Select(Quote))})");
        if (kinds.Count > 1)
            throw new ModelException(kinds[1].KeyPosition, $"[source] has both {Quote(kinds[0].Key)} and {Quote(kinds[1].Key)}: a source is exactly one of git, tar, path or same_as");

        var kind = kinds[0].Key;
        var known = kind switch { "git" => GitKeys, "tar" => TarKeys, _ => [kind] };
        WarnUnknownKeys(source, "[source]", known, diagnostics,
            key => AllSourceKeys.Contains(key) ? $"is not used by a {kind.Replace('_', '-')} source" : null);

        return kind switch
        {
            "git" => new GitSource(
                source.GetString("git"),
                OptionalString(source, "branch"),
                OptionalString(source, "rev"),
                OptionalBool(source, "shallow_clone"),
                OptionalString(source, "upstream"),
                source.GetStringsOrEmpty("patches"),
                OptionalString(source, "script"),
                source.Position),
            "tar" => new TarSource(
                source.GetString("tar"),
                Checksum(source, "blake3"),
                Checksum(source, "sha256"),
                source.GetStringsOrEmpty("patches"),
                OptionalString(source, "script"),
                source.Position),
            "path" => new PathSource(source.GetString("path"), source.Position),
            _ => new SameAsSource(source.GetString("same_as"), source.Position),
        };
    }

    /// <summary>A 256-bit hex digest; anything else could never match a download, so it is refused now rather than at fetch.</summary>
    private static string? Checksum(TomlTable source, string key)
    {
        if (!source.TryGet<TomlString>(key, out var node)) return null;
        if (!HexDigest().IsMatch(node.Value))
            throw new ModelException(node.Position, $"{Quote(key)} must be 64 hexadecimal digits (a 256-bit digest), found \"{node.Value}\"");
        return node.Value.ToLowerInvariant();
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex HexDigest();
}
