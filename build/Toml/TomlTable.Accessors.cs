using System.Diagnostics.CodeAnalysis;

namespace RedoxBuild.Toml;

/// <summary>
/// Typed reads for configuration code. A key that is present with the wrong kind of value is always an error
/// (never silently treated as absent), reported at the value: <c>recipe.toml:4:7: expected 'git' to be a string,
/// found an integer</c>. A required key that is missing is reported at the table.
/// </summary>
public sealed partial record TomlTable
{
    /// <summary>The value under <paramref name="key"/> as <typeparamref name="T"/>; missing or other kind throws.</summary>
    public T Get<T>(string key) where T : TomlNode =>
        TryGet<T>(key, out var node)
            ? node
            : throw new TomlException(Position, $"missing required key {TomlKeys.Name(key)}");

    /// <summary>False when <paramref name="key"/> is absent; a value of another kind throws.</summary>
    public bool TryGet<T>(string key, [NotNullWhen(true)] out T? node) where T : TomlNode
    {
        if (!TryGet(key, out var found))
        {
            node = null;
            return false;
        }
        node = found as T ?? throw new TomlException(found.Position,
            $"expected {TomlKeys.Name(key)} to be {TomlTypeNames.WithArticle<T>()}, found {TomlTypeNames.WithArticle(found)}");
        return true;
    }

    public string GetString(string key) => Get<TomlString>(key).Value;

    public long GetInteger(string key) => Get<TomlInteger>(key).Value;

    public double GetFloat(string key) => Get<TomlFloat>(key).Value;

    public bool GetBoolean(string key) => Get<TomlBoolean>(key).Value;

    public TomlTable GetTable(string key) => Get<TomlTable>(key);

    public TomlArray GetArray(string key) => Get<TomlArray>(key);

    public bool TryGetString(string key, [NotNullWhen(true)] out string? value)
    {
        value = TryGet<TomlString>(key, out var node) ? node.Value : null;
        return value is not null;
    }

    public bool TryGetTable(string key, [NotNullWhen(true)] out TomlTable? table) => TryGet(key, out table);

    public bool TryGetArray(string key, [NotNullWhen(true)] out TomlArray? array) => TryGet(key, out array);

    /// <summary>The string under <paramref name="key"/>, or <paramref name="fallback"/> when the key is absent.</summary>
    public string GetStringOr(string key, string fallback) => TryGetString(key, out var value) ? value : fallback;

    /// <summary>An array of strings (e.g. <c>patches = ["a.patch"]</c>), or an empty list when the key is absent.</summary>
    public IReadOnlyList<string> GetStringsOrEmpty(string key) => TryGetArray(key, out var array) ? array.GetStrings() : [];
}
