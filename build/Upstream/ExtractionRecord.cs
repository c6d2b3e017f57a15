using System.Security.Cryptography;
using System.Text;

namespace RedoxBuild.Upstream;

/// <summary>
/// The SHA-256 of every file ExtractPatches wrote to patches/&lt;recipe&gt;/, kept beside them (and versioned with
/// them), so a later run can tell a file it wrote from one a person edited since, and never overwrite the edit.
/// </summary>
public sealed record ExtractionRecord(IReadOnlyDictionary<string, string> Hashes)
{
    public const string FileName = "extracted.sha256";

    private const string Header = "# Written by ExtractPatches: the SHA-256 of each file as extracted, so hand edits are noticed before they are overwritten.";

    public static ExtractionRecord Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path)) return new ExtractionRecord(hashes);
        foreach (var line in File.ReadAllLines(path))
        {
            // sha256sum's format: "<64 hex>  <name>", so `sha256sum -c extracted.sha256` checks it too.
            if (line.StartsWith('#') || line.Length < 67 || line[64] != ' ') continue;
            hashes[line[66..]] = line[..64];
        }
        return new ExtractionRecord(hashes);
    }

    public static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public byte[] ToBytes()
    {
        var text = new StringBuilder().Append(Header).Append('\n');
        foreach (var (name, hash) in Hashes.OrderBy(h => h.Key, StringComparer.Ordinal))
            text.Append(hash).Append("  ").Append(name).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}

/// <summary>What ExtractPatches changed in patches/&lt;recipe&gt;/.</summary>
public sealed record ExtractionReport(
    string PatchDirectory,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Updated,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Unchanged,
    bool IncludesUncommitted)
{
    public bool Changed => Added.Count + Updated.Count + Removed.Count > 0;

    /// <summary>One line per kind of change, or "up to date".</summary>
    public string Describe()
    {
        if (!Changed)
            return $"{PatchDirectory} is up to date ({Count(Unchanged.Count)}); nothing was written.";
        var parts = new List<string>();
        if (Added.Count > 0) parts.Add($"added {string.Join(", ", Added)}");
        if (Updated.Count > 0) parts.Add($"updated {string.Join(", ", Updated)}");
        if (Removed.Count > 0) parts.Add($"removed {string.Join(", ", Removed)}");
        if (Unchanged.Count > 0) parts.Add($"unchanged {Count(Unchanged.Count)}");
        return $"{PatchDirectory}: {string.Join("; ", parts)}.";
    }

    private static string Count(int n) => n == 1 ? "1 file" : $"{n} files";
}
