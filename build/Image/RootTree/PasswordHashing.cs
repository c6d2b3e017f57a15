using System.Security.Cryptography;
using System.Text;
using RedoxBuild.Hashing;

namespace RedoxBuild.Image.RootTree;

/// <summary>
/// Hashes account passwords for /etc/shadow: Argon2id in PHC form with the reference CLI's costs (m=4096 KiB, t=3,
/// p=1), which redox_users verifies. An empty password gives an empty hash (no password), as upstream. The salt is
/// random unless <see cref="Deterministic"/> (--reproducible or SOURCE_DATE_EPOCH): then it is derived from the user
/// name and the epoch, so the same inputs give the same shadow file; anyone who knows both can precompute, which is
/// why it is not the default.
/// </summary>
public sealed record PasswordHashing(bool Deterministic, long SourceDateEpoch)
{
    public const int SaltBytes = 16;

    public static Argon2Parameters Parameters { get; } = new();

    public string Hash(string user, string password)
    {
        if (password.Length == 0) return "";
        return Argon2.HashPhc(Argon2Type.Argon2id, Encoding.UTF8.GetBytes(password), Salt(user), Parameters);
    }

    public byte[] Salt(string user)
    {
        if (!Deterministic) return RandomNumberGenerator.GetBytes(SaltBytes);
        var input = Encoding.UTF8.GetBytes($"RedoxBuild.Image/shadow-salt/v1\0{user}\0{SourceDateEpoch}");
        return SHA256.HashData(input)[..SaltBytes];
    }
}
