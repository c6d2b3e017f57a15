using System.Collections.Immutable;
using RedoxBuild.Engine;
using RedoxBuild.Toml;

namespace RedoxBuild.Model.Profiles;

/// <summary>
/// A table of settings ([general], [vm], [network], ...) gathered over a profile's include layers: each key keeps
/// the entry of the last layer that set it, so positions point at the file that decided the value.
/// Typed reads fail with the value's position and what was expected.
/// </summary>
public sealed record SettingsTable(string Name, ImmutableDictionary<string, TomlEntry> Entries)
{
    public static SettingsTable Empty(string name) => new(name, ImmutableDictionary<string, TomlEntry>.Empty);

    /// <summary>
    /// Merges the layers' tables in order, later winning per key. Keys in <paramref name="firstLayerOnly"/> come
    /// from the first layer alone (upstream's quirk: [general] prompt is never merged from includes).
    /// </summary>
    public static SettingsTable Merge(string name, IEnumerable<TomlTable?> layers, IReadOnlySet<string>? firstLayerOnly = null)
    {
        var entries = ImmutableDictionary.CreateBuilder<string, TomlEntry>(StringComparer.Ordinal);
        var first = true;
        foreach (var layer in layers)
        {
            foreach (var entry in layer?.Entries ?? [])
                if (first || firstLayerOnly?.Contains(entry.Key) != true) entries[entry.Key] = entry;
            first = false;
        }
        return new SettingsTable(name, entries.ToImmutable());
    }

    public static SettingsTable Of(string name, TomlTable? table) => Merge(name, [table]);

    public bool Contains(string key) => Entries.ContainsKey(key);

    /// <summary>Where the winning value of <paramref name="key"/> was written; null when no layer set it.</summary>
    public TomlPosition? PositionOf(string key) => Entries.TryGetValue(key, out var e) ? e.Value.Position : null;

    public bool? Bool(string key) => Get<TomlBoolean>(key)?.Value;

    public string? String(string key) => Get<TomlString>(key)?.Value;

    public long? Integer(string key, long min, long max, string? unit = null)
    {
        if (Get<TomlInteger>(key) is not { } node) return null;
        if (node.Value < min || node.Value > max)
            throw new ModelException(node.Position, $"'{key}' in [{Name}] must be between {min} and {max}{(unit is null ? "" : " " + unit)}, found {node.Value}");
        return node.Value;
    }

    public IReadOnlyList<TomlString>? Strings(string key) => Get<TomlArray>(key)?.Elements<TomlString>();

    /// <summary>A size as "2048M" / "2G", or a whole number of MiB.</summary>
    public ByteSize? Size(string key)
    {
        if (!Entries.TryGetValue(key, out var entry)) return null;
        return entry.Value switch
        {
            TomlInteger i when i.Value > 0 && i.Value <= int.MaxValue => ByteSize.FromMiB(i.Value),
            TomlString s when ByteSize.TryParse(s.Value, out var size) && size.Bytes > 0 => size,
            _ => throw new ModelException(entry.Value.Position, $"'{key}' in [{Name}] must be a size such as \"2048M\" or \"2G\" (or a number of MiB), found {Describe(entry.Value)}"),
        };
    }

    public T? Enum<T>(string key) where T : struct, System.Enum =>
        Get<TomlString>(key) is { } node ? ParseEnum<T>(key, node) : null;

    /// <summary>A list of enum values ("storage = ["nvmed", "virtio-blkd"]"); duplicates are kept once.</summary>
    public IReadOnlyList<T>? EnumList<T>(string key) where T : struct, System.Enum =>
        Strings(key)?.Select(node => ParseEnum<T>(key, node)).Distinct().ToArray();

    public T ParseEnum<T>(string key, TomlString node) where T : struct, System.Enum
    {
        foreach (var value in System.Enum.GetValues<T>())
            if (ValueConverter.DisplayName(value) == node.Value) return value;
        throw new ModelException(node.Position,
            $"unknown {key} \"{node.Value}\" in [{Name}]; expected one of: {string.Join(", ", ValueConverter.AcceptedNames(typeof(T)))}");
    }

    private T? Get<T>(string key) where T : TomlNode
    {
        if (!Entries.TryGetValue(key, out var entry)) return null;
        return entry.Value as T ?? throw new ModelException(entry.Value.Position,
            $"expected '{key}' in [{Name}] to be {TomlTypeNames.WithArticle<T>()}, found {TomlTypeNames.WithArticle(entry.Value)}");
    }

    private static string Describe(TomlNode node) => node is TomlString s ? $"\"{s.Value}\"" : TomlTypeNames.WithArticle(node);
}
