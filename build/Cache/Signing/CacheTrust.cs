using RedoxBuild.Cache.Entries;

namespace RedoxBuild.Cache.Signing;

/// <summary>The outcome of checking an entry's signatures; Detail says why, for the miss warning.</summary>
public sealed record SignatureCheck(bool Trusted, string Detail);

/// <summary>
/// Which public keys may vouch for entries. An entry is used only when one of its signatures verifies against a key
/// of the same name here (several keys may share a name during a rotation). The build's own signing key is always
/// trusted, so what this machine stored it can read back.
/// </summary>
public sealed class CacheTrust
{
    private readonly IReadOnlyList<CachePublicKey> _keys;

    public CacheTrust(IEnumerable<CachePublicKey> keys) => _keys = keys.ToList();

    public IReadOnlyList<CachePublicKey> Keys => _keys;

    /// <summary>Trusted keys from --cache-trusted-keys, a keys file (one name:base64 per line, # comments) and the own key.</summary>
    public static CacheTrust Load(IEnumerable<string> keys, string? keysFile, CacheSigningKey? ownKey)
    {
        var all = keys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(CachePublicKey.Parse).ToList();
        if (keysFile is not null)
        {
            if (!File.Exists(keysFile)) throw new FileNotFoundException($"The trusted keys file {keysFile} does not exist.", keysFile);
            var lineNumber = 0;
            foreach (var line in File.ReadLines(keysFile))
            {
                lineNumber++;
                var text = line.Trim();
                if (text.Length == 0 || text.StartsWith('#')) continue;
                try
                {
                    all.Add(CachePublicKey.Parse(text));
                }
                catch (FormatException e)
                {
                    throw new FormatException($"{keysFile}:{lineNumber}: {e.Message}");
                }
            }
        }
        if (ownKey is not null) all.Add(ownKey.PublicKey);
        return new CacheTrust(all);
    }

    public SignatureCheck Check(CacheEntry entry)
    {
        if (entry.Signatures.Count == 0) return new(false, "it is unsigned");
        foreach (var signature in entry.Signatures)
            foreach (var key in _keys.Where(k => k.Name == signature.KeyName))
                if (key.Verifies(entry, signature)) return new(true, $"signed by {key.Name}");

        var names = string.Join(", ", entry.Signatures.Select(s => s.KeyName).Distinct());
        var known = entry.Signatures.Any(s => _keys.Any(k => k.Name == s.KeyName));
        return new(false, known
            ? $"its signature by {names} does not verify (tampered entry, or a rotated key with the same name)"
            : _keys.Count == 0
                ? $"it is signed by {names}, but no key is trusted (give --cache-trusted-keys)"
                : $"it is signed by {names}, which is not among the trusted keys ({string.Join(", ", _keys.Select(k => k.Name).Distinct())})");
    }
}
