using RedoxBuild.Cook.Scripting;
using RedoxBuild.Model;
using RedoxBuild.Model.Planning;

namespace RedoxBuild.Cook.Keys;

/// <summary>A unit with its pinned source and content key, and the key of its last build (to say why it rebuilds).</summary>
public sealed record KeyedUnit(CookUnit Unit, ResolvedSource Source, ContentKey Key, ContentKey? Previous);

/// <summary>
/// Computes every unit's content key in build order (a key includes its dependencies' keys), touching no source
/// tree: recipe files, the pinned source, local patches, template, toolchain, helpers, settings and dependencies.
/// </summary>
public sealed class KeyPlanner(SourceResolver resolver, ToolchainIdentity toolchains, CookLayout layout, CookOptions options)
{
    public async Task<IReadOnlyList<KeyedUnit>> PlanAsync(IReadOnlyList<CookUnit> units, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<PackageName, ContentKey>();
        var result = new List<KeyedUnit>();
        foreach (var unit in units)
        {
            var source = await ResolveSourceAsync(unit, cancellationToken);
            var inputs = new List<KeyInput>
            {
                new("recipe", unit.Recipe.Name),
                new("target", unit.Platform.Triple),
                new("rule", unit.Rule.ToString().ToLowerInvariant()),
                new("recipe.files", TreeHash.Of(unit.Recipe.Directory)),
                new("source", source.Identity),
                new("patches", TreeHash.Of(Path.Combine(layout.Patches, unit.Recipe.Name))),
                new("template", unit.Recipe.Build.Template.Name),
                new("toolchain", await toolchains.ForRecipeAsync(unit.Platform, unit.Recipe.Name)),
                new("helpers", ScriptRunner.HelpersHash),
                new("strip", options.Strip ? "yes" : "no"),
            };
            // Only when present, so the keys of ordinary cooks stay what they were.
            if (options.ExtraEnvironment.Count > 0)
                inputs.Add(new KeyInput("environment", string.Join('\n', options.ExtraEnvironment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"))));
            foreach (var dependency in unit.BuildDependencies)
            {
                if (!keys.TryGetValue(dependency, out var dependencyKey))
                    throw new InvalidOperationException($"{unit.Id} depends on {dependency}, which was not keyed before it; the plan is out of order.");
                inputs.Add(new KeyInput($"dep.{dependency}", dependencyKey.Hex));
            }
            var key = ContentKey.Compute(inputs);
            keys[unit.Name] = key;
            result.Add(new KeyedUnit(unit, source, key, ReadPrevious(unit)));
        }
        return result;
    }

    /// <summary>The unit's pinned source alone (no key, so no toolchain needed): what Fetch checks out.</summary>
    public Task<ResolvedSource> ResolveSourceAsync(CookUnit unit, CancellationToken cancellationToken) =>
        resolver.ResolveAsync(unit.Recipe, unit.Rule == BuildRule.Local, Path.Combine(layout.Sources, unit.Recipe.Name), cancellationToken);

    public string KeyFile(CookUnit unit) => Path.Combine(layout.RecipeWork(unit.Platform, unit.Recipe.Name), "key.json");

    private ContentKey? ReadPrevious(CookUnit unit)
    {
        var file = KeyFile(unit);
        try
        {
            return File.Exists(file) ? ContentKey.FromJson(File.ReadAllText(file)) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null; // an unreadable record only costs the explanation, never the build
        }
    }
}
