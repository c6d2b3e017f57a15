using System.Text;
using RedoxBuild.Cache.Entries;

namespace RedoxBuild.Cache.Signing;

/// <summary>A trusted Ed25519 public key written as Nix writes them: name:base64(32 bytes).</summary>
public sealed class CachePublicKey
{
    private readonly byte[] _key;

    public CachePublicKey(string name, ReadOnlySpan<byte> key)
    {
        Name = CacheKeyNames.Require(name, "Public key");
        if (key.Length != Ed25519.PublicKeySize) throw new FormatException($"Public key '{name}' is {key.Length} bytes; expected {Ed25519.PublicKeySize}.");
        _key = key.ToArray();
    }

    public string Name { get; }
    public ReadOnlySpan<byte> Key => _key;

    public static CachePublicKey Parse(string text)
    {
        var (name, bytes) = CacheKeyNames.SplitAndDecode(text.Trim(), Ed25519.PublicKeySize, "A trusted public key");
        return new CachePublicKey(name, bytes);
    }

    /// <summary>True when <paramref name="signature"/> is this key's valid signature of the entry's fingerprint.</summary>
    public bool Verifies(CacheEntry entry, EntrySignature signature)
    {
        if (signature.KeyName != Name) return false;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(signature.Signature);
        }
        catch (FormatException)
        {
            return false;
        }
        return Ed25519.Verify(Encoding.UTF8.GetBytes(entry.Fingerprint), bytes, _key);
    }

    public override string ToString() => $"{Name}:{Convert.ToBase64String(_key)}";
}
