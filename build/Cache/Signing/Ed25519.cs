using System.Security.Cryptography;

namespace RedoxBuild.Cache.Signing;

/// <summary>Ed25519 (RFC 8032) over libsodium. Secret keys are libsodium's 64-byte form: seed followed by public key.</summary>
public static class Ed25519
{
    public const int SeedSize = 32, PublicKeySize = 32, SecretKeySize = 64, SignatureSize = 64;

    public static (byte[] PublicKey, byte[] SecretKey) KeyPairFromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize) throw new ArgumentException($"An Ed25519 seed is {SeedSize} bytes, got {seed.Length}.", nameof(seed));
        var seedCopy = seed.ToArray();
        var publicKey = new byte[PublicKeySize];
        var secretKey = new byte[SecretKeySize];
        try
        {
            Sodium.SeedKeyPair(seedCopy, publicKey, secretKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seedCopy);
        }
        return (publicKey, secretKey);
    }

    public static byte[] Sign(ReadOnlySpan<byte> message, ReadOnlySpan<byte> secretKey)
    {
        if (secretKey.Length != SecretKeySize) throw new ArgumentException($"An Ed25519 secret key is {SecretKeySize} bytes, got {secretKey.Length}.", nameof(secretKey));
        var key = secretKey.ToArray();
        var signature = new byte[SignatureSize];
        try
        {
            Sodium.Sign(signature, message.ToArray(), key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
        return signature;
    }

    /// <summary>False for a wrong signature, and for inputs of the wrong length (a malformed signature is not valid).</summary>
    public static bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey) =>
        signature.Length == SignatureSize && publicKey.Length == PublicKeySize &&
        Sodium.Verify(signature.ToArray(), message.ToArray(), publicKey.ToArray());
}
