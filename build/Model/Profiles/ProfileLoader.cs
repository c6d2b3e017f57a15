using System.Collections.Frozen;
using System.Collections.Immutable;

namespace RedoxBuild.Model.Profiles;

/// <summary>
/// Loads a filesystem config with upstream's include semantics: each file's includes are loaded recursively (paths
/// relative to the including file), the file itself comes last, the first layer is the base and the rest merge into
/// it in order. [general] keys: later wins, except prompt, which keeps the base's value. packages, users, groups:
/// later wins per key. files: concatenated. Our tables: later wins per key. An include cycle is an error naming the
/// chain; the same file included along two paths is loaded twice, as upstream does.
/// </summary>
public sealed class ProfileLoader(SourcePaths paths, IModelDiagnostics diagnostics)
{
    private static readonly FrozenSet<string> FirstLayerOnly = new[] { "prompt" }.ToFrozenSet();

    public Profile Load(string name, string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new ModelException(null, $"profile file {paths.Display(full)} does not exist");
        var layers = new List<ProfileLayer>();
        Collect(full, [], layers);
        return Merge(name, full, layers);
    }

    private void Collect(string path, List<string> chain, List<ProfileLayer> layers)
    {
        var reader = new ProfileLayerReader(paths, diagnostics);
        var layer = reader.Read(path);
        chain.Add(path);
        foreach (var include in layer.Includes)
        {
            var target = Path.GetFullPath(include.Value, Path.GetDirectoryName(path)!);
            if (chain.Contains(target))
                throw new ModelException(include.Position,
                    $"include cycle: {string.Join(" -> ", chain.SkipWhile(p => p != target).Append(target).Select(paths.Display))}");
            if (!File.Exists(target))
                throw new ModelException(include.Position, $"included file \"{include.Value}\" not found (looked for {paths.Display(target)}; include paths are relative to the including file)");
            Collect(target, chain, layers);
        }
        chain.RemoveAt(chain.Count - 1);
        layers.Add(layer);
    }

    private Profile Merge(string name, string path, IReadOnlyList<ProfileLayer> layers)
    {
        var tables = ImmutableDictionary.CreateBuilder<string, SettingsTable>();
        tables["general"] = SettingsTable.Merge("general", layers.Select(l => l.General), FirstLayerOnly);
        foreach (var table in new[] { "vm", "network", "hardware", "image" })
            tables[table] = SettingsTable.Merge(table, layers.Select(l => l.Settings.GetValueOrDefault(table)));

        var vm = SettingsReader.Vm(tables["vm"]);
        var network = SettingsReader.Network(tables["network"]);
        var hardware = SettingsReader.Hardware(tables["hardware"]);
        SettingsReader.Validate(vm, network, hardware, (t, k) => tables[t].PositionOf(k));

        return new Profile(
            name,
            path,
            layers.Select(l => paths.Display(l.Path)).ToArray(),
            SettingsReader.General(tables["general"]),
            LaterWins(layers.SelectMany(l => l.Packages), p => p.Name.ToString()),
            layers.SelectMany(l => l.Files).ToArray(),
            LaterWins(layers.SelectMany(l => l.Users), u => u.Name),
            LaterWins(layers.SelectMany(l => l.Groups), g => g.Name),
            vm,
            network,
            hardware,
            SettingsReader.Image(tables["image"]),
            tables.ToImmutable());
    }

    private static ImmutableSortedDictionary<string, T> LaterWins<T>(IEnumerable<T> entries, Func<T, string> key)
    {
        var map = ImmutableSortedDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        foreach (var entry in entries) map[key(entry)] = entry;
        return map.ToImmutable();
    }
}
