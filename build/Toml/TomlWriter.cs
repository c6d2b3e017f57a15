using System.Globalization;
using System.Text;

namespace RedoxBuild.Toml;

/// <summary>
/// Writes the small TOML files the build generates (recipes.lock, filesystem.toml copies): comments, [tables] and
/// [[arrays of tables]] with dotted names, string, integer, boolean and string-array values, and any parsed
/// <see cref="TomlNode"/> written back inline (so a profile's own values round-trip). Keys are bare when TOML allows, else quoted;
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

    /// <summary>An <c>[[name]]</c> header: one more table of an array of tables, such as a profile's [[files]].</summary>
    public TomlWriter ArrayTable(params string[] path)
    {
        _text.Append("[[").Append(string.Join('.', path.Select(Key))).AppendLine("]]");
        return this;
    }

    public TomlWriter Value(string key, string value) => Line(key, Quote(value));

    /// <summary>An inline table of strings, <c>key = { a = "b" }</c>; with no pairs, <c>key = {}</c>.</summary>
    public TomlWriter InlineTable(string key, IEnumerable<(string Key, string Value)> pairs)
    {
        var rendered = pairs.Select(p => $"{Key(p.Key)} = {Quote(p.Value)}").ToList();
        return Line(key, rendered.Count == 0 ? "{}" : "{ " + string.Join(", ", rendered) + " }");
    }

    /// <summary>A parsed value written back inline: tables as <c>{ k = v }</c>, dates as the text that was parsed.</summary>
    public TomlWriter Value(string key, TomlNode value) => Line(key, Inline(value));

    public TomlWriter Value(string key, long value) => Line(key, value.ToString(CultureInfo.InvariantCulture));

    public TomlWriter Value(string key, bool value) => Line(key, value ? "true" : "false");

    public TomlWriter Value(string key, IEnumerable<string> values) => Line(key, "[" + string.Join(", ", values.Select(Quote)) + "]");

    public override string ToString() => _text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);

    private TomlWriter Line(string key, string rendered)
    {
        _text.Append(Key(key)).Append(" = ").AppendLine(rendered);
        return this;
    }

    public static string Inline(TomlNode node) => node switch
    {
        TomlString s => Quote(s.Value),
        TomlInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
        TomlFloat f => double.IsNaN(f.Value) ? "nan" : double.IsPositiveInfinity(f.Value) ? "inf" : double.IsNegativeInfinity(f.Value) ? "-inf"
            : f.Value.ToString("R", CultureInfo.InvariantCulture) is var r && (r.Contains('.') || r.Contains('E')) ? r : r + ".0",
        TomlBoolean b => b.Value ? "true" : "false",
        TomlOffsetDateTime d => d.Text,
        TomlLocalDateTime d => d.Text,
        TomlLocalDate d => d.Text,
        TomlLocalTime d => d.Text,
        TomlArray a => "[" + string.Join(", ", a.Select(Inline)) + "]",
        TomlTable t => t.Count == 0 ? "{}" : "{ " + string.Join(", ", t.Entries.Select(e => $"{Key(e.Key)} = {Inline(e.Value)}")) + " }",
        _ => throw new ArgumentException($"cannot write a TOML {node.TypeName} inline", nameof(node)),
    };

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
