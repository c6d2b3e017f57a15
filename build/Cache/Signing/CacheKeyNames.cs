namespace RedoxBuild.Cache.Signing;

/// <summary>Key names as Nix writes them ("cache.example.org-1"): the part before the colon in name:base64.</summary>
internal static class CacheKeyNames
{
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 128 && char.IsAsciiLetterOrDigit(name[0]) &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    public static string Require(string? name, string what) => IsValid(name)
        ? name!
        : throw new FormatException($"{what}: the key name '{name}' must start with a letter or digit and contain only letters, digits, '.', '_' and '-' (e.g. redox-ci-1).");

    /// <summary>Splits "name:base64" and decodes the base64 part, which must be <paramref name="size"/> bytes.</summary>
    public static (string Name, byte[] Bytes) SplitAndDecode(string text, int size, string what)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) throw new FormatException($"{what} must look like name:base64 (e.g. redox-ci-1:{new string('A', 43)}=).");
        var name = Require(text[..colon], what);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text[(colon + 1)..].Trim());
        }
        catch (FormatException)
        {
            throw new FormatException($"{what} '{name}': the part after the colon is not valid base64.");
        }
        if (bytes.Length != size) throw new FormatException($"{what} '{name}' decodes to {bytes.Length} bytes; expected {size}.");
        return (name, bytes);
    }
}
