namespace RedoxBuild.Cache.Entries;

/// <summary>
/// Keys and digests are 64 lowercase hex characters (SHA-256). Everything that becomes part of a path or URL is
/// checked against this first, so a key can never smuggle "../" or a query string into a store.
/// </summary>
public static class CacheIdentifiers
{
    public const int HexLength = 64;

    public static bool IsSha256Hex(string? text)
    {
        if (text is null || text.Length != HexLength) return false;
        foreach (var c in text)
            if (c is not (>= '0' and <= '9' or >= 'a' and <= 'f')) return false;
        return true;
    }

    public static string RequireKey(string key) => IsSha256Hex(key)
        ? key
        : throw new ArgumentException($"A cache key is 64 lowercase hex characters (SHA-256 of the recipe's inputs), got '{Shorten(key)}'.", nameof(key));

    public static string RequireDigest(string digest) => IsSha256Hex(digest)
        ? digest
        : throw new ArgumentException($"A content digest is 64 lowercase hex characters (SHA-256), got '{Shorten(digest)}'.", nameof(digest));

    /// <summary>The two-character fan-out directory, so no directory holds more than 1/256 of the entries.</summary>
    public static string Shard(string hex) => hex[..2];

    private static string Shorten(string? text) => text is null ? "(null)" : text.Length > 80 ? text[..80] + "..." : text;
}
