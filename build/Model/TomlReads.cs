using RedoxBuild.Engine;
using RedoxBuild.Model.Recipes;
using RedoxBuild.Toml;

namespace RedoxBuild.Model;

/// <summary>Reads shared by recipes and profiles: unknown-key warnings, package name lists, optional values.</summary>
internal static class TomlReads
{
    /// <summary>
    /// Warns about each key outside <paramref name="known"/>, at the key. <paramref name="explain"/> may say why a
    /// key that exists elsewhere is not used here; otherwise the warning lists the known keys (and a near miss).
    /// </summary>
    public static void WarnUnknownKeys(TomlTable table, string where, IReadOnlyCollection<string> known, IModelDiagnostics diagnostics, Func<string, string?>? explain = null)
    {
        foreach (var entry in table.Entries)
        {
            if (known.Contains(entry.Key)) continue;
            var reason = explain?.Invoke(entry.Key);
            if (reason is not null)
            {
                diagnostics.Warning($"{Quote(entry.Key)} in {where} {reason}; upstream ignores it", entry.KeyPosition);
                continue;
            }
            var nearest = known.MinBy(k => EditDistance.Between(k, entry.Key));
            var hint = nearest is not null && EditDistance.Between(nearest, entry.Key) <= 2 ? $"did you mean {Quote(nearest)}? " : "";
            diagnostics.Warning($"unknown key {Quote(entry.Key)} in {where}; upstream ignores it ({hint}known keys: {string.Join(", ", known)})", entry.KeyPosition);
        }
    }

    /// <summary>A list of package names (dependencies = ["a", "host:b"]), each kept with where it was written.</summary>
    public static IReadOnlyList<PackageReference> PackageReferences(TomlTable table, string key)
    {
        if (!table.TryGetArray(key, out var array)) return [];
        return array.Elements<TomlString>().Select(s => new PackageReference(ParseName(s.Value, s.Position), s.Position)).ToArray();
    }

    public static PackageName ParseName(string text, TomlPosition position) =>
        PackageName.TryParse(text, out var name, out var reason) ? name : throw new ModelException(position, reason);

    public static string? OptionalString(TomlTable table, string key) => table.TryGet<TomlString>(key, out var s) ? s.Value : null;

    public static bool? OptionalBool(TomlTable table, string key) => table.TryGet<TomlBoolean>(key, out var b) ? b.Value : null;

    /// <summary>A whole number that must fit <paramref name="min"/>..<paramref name="max"/>; null when absent.</summary>
    public static long? OptionalInteger(TomlTable table, string key, long min, long max, string? unit = null)
    {
        if (!table.TryGet<TomlInteger>(key, out var node)) return null;
        if (node.Value < min || node.Value > max)
            throw new ModelException(node.Position, $"{Quote(key)} must be between {min} and {max}{(unit is null ? "" : " " + unit)}, found {node.Value}");
        return node.Value;
    }

    public static string Quote(string key) => $"'{key}'";
}
