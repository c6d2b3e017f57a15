using System.Globalization;
using System.Text;

namespace RedoxBuild.Toml;

/// <summary>
/// Writes the small TOML files the build generates (recipes.lock, filesystem.toml copies): comments, [tables] with
/// dotted names, and string, integer, boolean and string-array values. Keys are bare when TOML allows, else quoted;
/// strings use basic-string escapes, so everything written parses back with <see cref="TomlParser"/>.
/// </summary>
public sealed class TomlWriter
{
    private readonly StringBuilder _text = new();

    public TomlWriter Comment(string text)
    {
        foreach (var line in text.Split('\n')) _text.Append("# ").AppendLine(line).Replace("# \n", "#\n");
        return this;
    }

    public TomlWriter BlankLine()
    {
        _text.AppendLine();
        return this;
    }

    public TomlWriter Table(params string[] path)
    {
        _text.Append('[').Append(string.Join('.', path.Select(Key))).AppendLine("]");
        return this;
    }

    public TomlWriter Value(string key, string value) => Line(key, Quote(value));

    public TomlWriter Value(string key, long value) => Line(key, value.ToString(CultureInfo.InvariantCulture));

    public TomlWriter Value(string key, bool value) => Line(key, value ? "true" : "false");

    public TomlWriter Value(string key, IEnumerable<string> values) => Line(key, "[" + string.Join(", ", values.Select(Quote)) + "]");

    public override string ToString() => _text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);

    private TomlWriter Line(string key, string rendered)
    {
        _text.Append(Key(key)).Append(" = ").AppendLine(rendered);
        return this;
    }

    public static string Key(string key) =>
        key.Length > 0 && key.All(c => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-') ? key : Quote(key);

    public static string Quote(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                _ when c < 0x20 || c == 0x7F => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}
