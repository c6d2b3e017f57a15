using System.Text;

namespace RedoxBuild.Toml;

/// <summary>Writes keys back the way TOML would accept them, for messages: bare when possible, else quoted.</summary>
internal static class TomlKeys
{
    public static bool IsBareKeyByte(int b) =>
        (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b == '_' || b == '-';

    /// <summary>A single key for a message: <c>'git'</c>, or <c>"a b"</c> when it needs quotes anyway.</summary>
    public static string Name(ReadOnlySpan<char> key)
    {
        var formatted = Format(key);
        return formatted[0] == '"' ? formatted : $"'{formatted}'";
    }

    public static string Format(ReadOnlySpan<char> key)
    {
        var bare = !key.IsEmpty;
        foreach (var c in key)
            bare &= c < 128 && IsBareKeyByte(c);
        if (bare) return key.ToString();

        var quoted = new StringBuilder(key.Length + 2).Append('"');
        foreach (var c in key)
        {
            if (c is '"' or '\\') quoted.Append('\\').Append(c);
            else if (c < 0x20 || c == 0x7F) quoted.Append($"\\u{(int)c:X4}");
            else quoted.Append(c);
        }
        return quoted.Append('"').ToString();
    }
}
