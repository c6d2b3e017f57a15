using System.Security.Cryptography;
using System.Text;
using RedoxBuild.Cache.Entries;

namespace RedoxBuild.Cache.Signing;

/// <summary>
/// The secret half: name:base64(64 bytes: seed then public key), the format Nix's secret-key-files use.
/// ToString never shows the secret; the bytes only leave this object as signatures.
/// </summary>
public sealed class CacheSigningKey
{
    private readonly byte[] _secret;

    private CacheSigningKey(string name, byte[] secret)
    {
        Name = name;
        _secret = secret;
        PublicKey = new CachePublicKey(name, secret.AsSpan(Ed25519.SeedSize));
    }

    public string Name { get; }
    public CachePublicKey PublicKey { get; }

    public static CacheSigningKey FromSeed(string name, ReadOnlySpan<byte> seed)
    {
        var (_, secret) = Ed25519.KeyPairFromSeed(seed);
        return new CacheSigningKey(CacheKeyNames.Require(name, "Signing key"), secret);
    }

    public static CacheSigningKey Generate(string name)
    {
        var seed = RandomNumberGenerator.GetBytes(Ed25519.SeedSize);
        try
        {
            return FromSeed(name, seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Parses a secret key file's text. Errors never echo the file's content.</summary>
    public static CacheSigningKey Parse(string text, string source)
    {
        var (name, secret) = CacheKeyNames.SplitAndDecode(text.Trim(), Ed25519.SecretKeySize, $"The secret key in {source}");
        // The stored public half must be the one the seed derives, or signatures would not verify anywhere.
        var derived = FromSeed(name, secret.AsSpan(0, Ed25519.SeedSize));
        if (!derived.PublicKey.Key.SequenceEqual(secret.AsSpan(Ed25519.SeedSize)))
            throw new FormatException($"The secret key in {source} is damaged: its public half does not match its seed. Generate a new one with ./build.sh CacheKeygen.");
        CryptographicOperations.ZeroMemory(secret);
        return derived;
    }

    public static CacheSigningKey Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The cache secret key file {path} does not exist. Create one with ./build.sh CacheKeygen --cache-key-name <name>.", path);
        return Parse(File.ReadAllText(path), path);
    }

    public EntrySignature Sign(CacheEntry entry) =>
        new(Name, Convert.ToBase64String(Ed25519.Sign(Encoding.UTF8.GetBytes(entry.Fingerprint), _secret)));

    /// <summary>The secret key file's text. Only the key generator calls this, to write the file.</summary>
    internal string ExportSecret() => $"{Name}:{Convert.ToBase64String(_secret)}";

    public override string ToString() => $"{Name} (secret key; public {PublicKey})";
}
