using System.Globalization;
using System.Security.Cryptography;

namespace RedoxBuild.Hashing;

/// <summary>
/// A decoded PHC string such as <c>$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHQ$...</c>; the tag length is the hash's.
/// </summary>
public sealed record Argon2PhcHash(Argon2Type Type, Argon2Parameters Parameters, byte[] Salt, byte[] Hash);

public static partial class Argon2
{
    /// <summary>The PHC string format used by the reference argon2 CLI, libargon2 and Redox's /etc/shadow.</summary>
    public static string EncodePhc(Argon2Type type, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> hash, Argon2Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return string.Create(CultureInfo.InvariantCulture,
            $"${TypeName(type)}$v={Argon2Parameters.Version}$m={parameters.MemoryKiB},t={parameters.Iterations},p={parameters.Parallelism}" +
            $"${EncodeBase64(salt)}${EncodeBase64(hash)}");
    }

    /// <summary>Hashes <paramref name="password"/> and encodes the result as a PHC string.</summary>
    public static string HashPhc(Argon2Type type, ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, Argon2Parameters parameters) =>
        EncodePhc(type, salt, Hash(type, password, salt, parameters), parameters);

    /// <summary>Parses a PHC string; a malformed one throws a <see cref="FormatException"/> naming the bad field.</summary>
    public static Argon2PhcHash ParsePhc(string phc)
    {
        ArgumentNullException.ThrowIfNull(phc);
        var fields = phc.Split('$');
        if (fields.Length is < 5 or > 6 || fields[0].Length != 0)
            throw PhcError(phc, "expected '$<type>$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>'");
        if (fields.Length == 5)
            throw PhcError(phc, "has no 'v=' field, which means Argon2 version 16 (0x10); only v=19 is supported");

        var type = fields[1] switch
        {
            "argon2d" => Argon2Type.Argon2d,
            "argon2i" => Argon2Type.Argon2i,
            "argon2id" => Argon2Type.Argon2id,
            var other => throw PhcError(phc, $"type '{other}' is not argon2d, argon2i or argon2id"),
        };
        if (fields[2] != $"v={Argon2Parameters.Version}")
            throw PhcError(phc, $"version field '{fields[2]}' is not 'v={Argon2Parameters.Version}'");

        var costs = fields[3].Split(',');
        if (costs.Length != 3)
            throw PhcError(phc, $"parameter field '{fields[3]}' is not 'm=<KiB>,t=<passes>,p=<lanes>'");
        var salt = DecodeBase64(phc, "salt", fields[4]);
        var hash = DecodeBase64(phc, "hash", fields[5]);
        var parameters = new Argon2Parameters
        {
            MemoryKiB = ParseCost(phc, costs[0], "m"),
            Iterations = ParseCost(phc, costs[1], "t"),
            Parallelism = ParseCost(phc, costs[2], "p"),
            TagLength = hash.Length,
        };
        try
        {
            parameters.Validate(salt.Length);
        }
        catch (ArgumentException invalid)
        {
            throw PhcError(phc, invalid.Message);
        }
        return new Argon2PhcHash(type, parameters, salt, hash);
    }

    /// <summary>True when <paramref name="password"/> hashes to the PHC string's hash (compared in constant time).</summary>
    public static bool VerifyPhc(string phc, ReadOnlySpan<byte> password) => VerifyPhc(phc, password, default);

    /// <summary>As <see cref="VerifyPhc(string, ReadOnlySpan{byte})"/> for hashes made with a secret (pepper), which PHC strings do not carry.</summary>
    public static bool VerifyPhc(string phc, ReadOnlySpan<byte> password, ReadOnlySpan<byte> secret)
    {
        var parsed = ParsePhc(phc);
        var parameters = parsed.Parameters with { Secret = secret.ToArray() };
        var actual = Hash(parsed.Type, password, parsed.Salt, parameters);
        return CryptographicOperations.FixedTimeEquals(actual, parsed.Hash);
    }

    public static string TypeName(Argon2Type type) => type switch
    {
        Argon2Type.Argon2d => "argon2d",
        Argon2Type.Argon2i => "argon2i",
        Argon2Type.Argon2id => "argon2id",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown Argon2 type."),
    };

    /// <summary>PHC strings use standard Base64 without '=' padding.</summary>
    internal static string EncodeBase64(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] DecodeBase64(string phc, string field, string text)
    {
        var alphabetOnly = text.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/');
        if (text.Length == 0 || !alphabetOnly || text.Length % 4 == 1)
            throw PhcError(phc, $"{field} '{text}' is not unpadded Base64 (A-Z a-z 0-9 + /)");
        var bytes = Convert.FromBase64String(text.PadRight(text.Length + (4 - text.Length % 4) % 4, '='));
        // Unused low bits of the last character must be zero, so every hash has exactly one spelling.
        if (EncodeBase64(bytes) != text)
            throw PhcError(phc, $"{field} '{text}' is not canonical Base64 (unused trailing bits are set)");
        return bytes;
    }

    private static int ParseCost(string phc, string assignment, string name)
    {
        var prefix = name + "=";
        var digits = assignment.StartsWith(prefix, StringComparison.Ordinal) ? assignment[prefix.Length..] : null;
        if (digits is null || digits.Length == 0 || !digits.All(char.IsAsciiDigit) ||
            !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw PhcError(phc, $"expected '{name}=<decimal>' but found '{assignment}'");
        return value;
    }

    /// <summary>The message leaves out the string itself: it may be a real password hash headed for a log.</summary>
    private static FormatException PhcError(string phc, string problem) =>
        new($"Invalid Argon2 PHC string ({phc.Length} characters): {problem}.");
}
