using System.Runtime.InteropServices;

namespace RedoxBuild.Cache.Signing;

/// <summary>
/// The few libsodium calls Ed25519 needs. .NET 10 has no standalone Ed25519 and no NuGet package for it restores
/// here, while libsodium23 is on every Debian/Ubuntu machine (it is also what Redox's pkgar and Nix sign with).
/// Arrays, not spans: classic DllImport pins them without unsafe code.
/// </summary>
internal static class Sodium
{
    private const string Library = "libsodium.so.23";

    [DllImport(Library, EntryPoint = "sodium_init")]
    private static extern int Init();

    [DllImport(Library, EntryPoint = "crypto_sign_seed_keypair")]
    private static extern int SeedKeyPairNative(byte[] publicKey, byte[] secretKey, byte[] seed);

    [DllImport(Library, EntryPoint = "crypto_sign_detached")]
    private static extern int SignDetached(byte[] signature, IntPtr signatureLength, byte[] message, ulong messageLength, byte[] secretKey);

    [DllImport(Library, EntryPoint = "crypto_sign_verify_detached")]
    private static extern int VerifyDetached(byte[] signature, byte[] message, ulong messageLength, byte[] publicKey);

    public static void SeedKeyPair(byte[] seed, byte[] publicKey, byte[] secretKey) =>
        Check(Call(() => SeedKeyPairNative(publicKey, secretKey, seed)), "crypto_sign_seed_keypair");

    public static void Sign(byte[] signature, byte[] message, byte[] secretKey) =>
        Check(Call(() => SignDetached(signature, IntPtr.Zero, message, (ulong)message.Length, secretKey)), "crypto_sign_detached");

    public static bool Verify(byte[] signature, byte[] message, byte[] publicKey) =>
        Call(() => VerifyDetached(signature, message, (ulong)message.Length, publicKey)) == 0;

    // sodium_init is idempotent and thread-safe (it returns 1 when already initialised), so calling it before
    // every operation avoids keeping an "initialised" flag in static state.
    private static int Call(Func<int> operation)
    {
        try
        {
            if (Init() < 0) throw new InvalidOperationException("sodium_init failed: libsodium could not initialise.");
            return operation();
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException(
                "Cache signatures need libsodium (libsodium.so.23). Install it: apt-get install libsodium23 (Debian/Ubuntu), dnf install libsodium (Fedora), pacman -S libsodium (Arch).", e);
        }
    }

    private static void Check(int result, string function)
    {
        if (result != 0) throw new InvalidOperationException($"libsodium {function} returned {result}.");
    }
}
