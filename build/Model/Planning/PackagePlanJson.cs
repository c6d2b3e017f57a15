using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RedoxBuild.Model.Planning;

/// <summary>
/// The plan as JSON for other tools: {"profile", "packages": [{"name", "rule", "recipe_dir", "template",
/// "dependencies", "dev_dependencies", "runtime_dependencies", "host"}], "levels": [[names sorted]]}.
/// Nothing else is written, so consumers can rely on the shape.
/// </summary>
public static class PackagePlanJson
{
    /// <param name="displayDirectory">How to write a recipe directory (relative to the repository root when inside it).</param>
    public static string Write(PackagePlan plan, Func<string, string> displayDirectory)
    {
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            json.WriteString("profile", plan.Profile);
            json.WriteStartArray("packages");
            foreach (var package in plan.Packages)
            {
                json.WriteStartObject();
                json.WriteString("name", package.Name.ToString());
                json.WriteString("rule", package.Rule.ToString().ToLowerInvariant());
                json.WriteString("recipe_dir", displayDirectory(package.Recipe.Directory));
                json.WriteString("template", package.Template);
                Names(json, "dependencies", package.Dependencies);
                Names(json, "dev_dependencies", package.DevDependencies);
                Names(json, "runtime_dependencies", package.RuntimeDependencies);
                json.WriteBoolean("host", package.Host);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("levels");
            foreach (var level in plan.Levels)
                Names(json, null, level.Order());
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Names(Utf8JsonWriter json, string? property, IEnumerable<PackageName> names)
    {
        if (property is null) json.WriteStartArray();
        else json.WriteStartArray(property);
        foreach (var name in names) json.WriteStringValue(name.ToString());
        json.WriteEndArray();
    }
}
