using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RedoxBuild.Toml;

/// <summary>
/// Writes a document in toml-test's "tagged JSON": tables become objects, arrays become arrays, and every scalar
/// becomes <c>{"type": ..., "value": "text"}</c>. This is what the conformance suite's expected files hold, and a
/// handy lossless dump of a parsed document.
/// </summary>
public static class TomlTaggedJson
{
    public static string Serialize(TomlTable document, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            Write(writer, document);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static void Write(Utf8JsonWriter writer, TomlNode node)
    {
        switch (node)
        {
            case TomlTable table:
                writer.WriteStartObject();
                foreach (var entry in table)
                {
                    writer.WritePropertyName(entry.Key);
                    Write(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case TomlArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                    Write(writer, item);
                writer.WriteEndArray();
                break;
            case TomlString s: Scalar(writer, "string", s.Value); break;
            case TomlInteger i: Scalar(writer, "integer", i.Value.ToString(CultureInfo.InvariantCulture)); break;
            case TomlFloat f: Scalar(writer, "float", FloatText(f.Value)); break;
            case TomlBoolean b: Scalar(writer, "bool", b.Value ? "true" : "false"); break;
            case TomlOffsetDateTime d: Scalar(writer, "datetime", Rfc3339(d.Text)); break;
            case TomlLocalDateTime d: Scalar(writer, "datetime-local", Rfc3339(d.Text)); break;
            case TomlLocalDate d: Scalar(writer, "date-local", d.Text); break;
            case TomlLocalTime t: Scalar(writer, "time-local", t.Text); break;
            default: throw new ArgumentOutOfRangeException(nameof(node), node.GetType().Name, "not a TOML node kind");
        }
    }

    private static void Scalar(Utf8JsonWriter writer, string type, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteString("value", value);
        writer.WriteEndObject();
    }

    private static string FloatText(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(value) => "nan",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    // TOML also accepts a space or lowercase 't' between date and time and a lowercase 'z'; RFC 3339 readers
    // expect 'T' and 'Z'. Every digit of the source is kept.
    private static string Rfc3339(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            source.AsSpan().CopyTo(span);
            span[10] = 'T';
            if (span[^1] == 'z') span[^1] = 'Z';
        });
}
