using System.Text.Json;
using System.Text.Json.Nodes;

namespace RedoxBuild.Engine;

/// <summary>
/// .nuke/build.schema.json (JSON Schema draft-04, Nuke's layout): one enum definition per value set
/// (ExecutableTarget, Verbosity, Host and the build's own enums), the build's parameters, then the built-ins under
/// NukeBuild. Editors use it to complete .nuke/parameters*.json.
/// </summary>
public static class SchemaWriter
{
    public static string Write(IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var definitions = new JsonObject
        {
            ["ExecutableTarget"] = new JsonObject
            {
                ["type"] = "string",
                ["enum"] = Array(targets.Select(t => t.Name).Order(StringComparer.Ordinal)),
            },
        };
        foreach (var enumType in parameters.Select(p => ElementType(p.ValueType)).Where(t => t.IsEnum).Distinct().OrderBy(t => t.Name, StringComparer.Ordinal))
            definitions[enumType.Name] = new JsonObject { ["type"] = "string", ["enum"] = Array(ValueConverter.AcceptedNames(enumType)) };

        definitions["NukeBuild"] = new JsonObject { ["properties"] = Properties(parameters.Where(p => p.IsBuiltIn)) };
        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-04/schema#",
            ["definitions"] = definitions,
            ["allOf"] = new JsonArray(
                new JsonObject { ["properties"] = Properties(parameters.Where(p => !p.IsBuiltIn)) },
                new JsonObject { ["$ref"] = "#/definitions/NukeBuild" }),
        };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            .Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static JsonObject Properties(IEnumerable<ParameterDescriptor> parameters)
    {
        var properties = new JsonObject();
        foreach (var p in parameters)
        {
            var property = TypeSchema(p);
            if (p.Description is not null) property["description"] = p.Description.Replace("{default_target}", "the default targets", StringComparison.Ordinal);
            if (p.IsSecret) property["default"] = "Secrets are read from the environment; do not store them in parameter files.";
            properties[p.Name] = property;
        }
        return properties;
    }

    private static JsonObject TypeSchema(ParameterDescriptor p)
    {
        if (p.Name is "Target" or "Skip")
            return new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = "#/definitions/ExecutableTarget" } };
        if (p.ValueType.IsArray)
            return new JsonObject { ["type"] = "array", ["items"] = Scalar(p.ValueType.GetElementType()!) };
        var scalar = Scalar(p.ValueType);
        if (Nullable.GetUnderlyingType(p.ValueType) is not null && scalar["type"] is JsonValue t)
            scalar["type"] = new JsonArray(t.GetValue<string>(), "null");
        return scalar;
    }

    private static JsonObject Scalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum) return new JsonObject { ["$ref"] = $"#/definitions/{t.Name}" };
        if (t == typeof(bool)) return new JsonObject { ["type"] = "boolean" };
        if (t == typeof(int) || t == typeof(long)) return new JsonObject { ["type"] = "integer" };
        if (t == typeof(double)) return new JsonObject { ["type"] = "number" };
        if (t == typeof(ByteSize)) return new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9]+(\\.[0-9]+)?\\s*([KkMmGgTt](i?[Bb])?|[Bb])?$" };
        return new JsonObject { ["type"] = "string" };
    }

    private static Type ElementType(Type t) => t.IsArray ? t.GetElementType()! : Nullable.GetUnderlyingType(t) ?? t;

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
