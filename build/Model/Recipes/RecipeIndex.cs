namespace RedoxBuild.Model.Recipes;

/// <summary>A folder searched for recipes, and how messages name it ("recipes/", "--cookbook /src/redox").</summary>
public sealed record RecipeRoot(string Directory, string Label);

/// <summary>Where a recipe was found: its name is the name of the directory holding recipe.toml.</summary>
public sealed record RecipeLocation(string Name, string Directory, RecipeRoot Root)
{
    public string File => Path.Combine(Directory, "recipe.toml");
}

/// <summary>
/// Finds recipes by name across ordered roots, earlier roots winning: extra --recipes folders, then ours, then a
/// Redox build-system checkout. Only directory names are indexed; recipe.toml files are parsed later, and only
/// for the recipes a plan needs, so a 3,500-recipe cookbook costs one directory walk.
/// </summary>
public sealed class RecipeIndex
{
    // Upstream's walk stops at 16 levels too; it also keeps symlinked folders from looping forever.
    private const int MaxDepth = 16;

    private readonly Dictionary<string, RecipeLocation> _byName;

    private RecipeIndex(IReadOnlyList<RecipeRoot> roots, Dictionary<string, RecipeLocation> byName)
    {
        Roots = roots;
        _byName = byName;
    }

    public IReadOnlyList<RecipeRoot> Roots { get; }

    public int Count => _byName.Count;

    /// <summary>Every recipe that wins its name, ordered by name.</summary>
    public IEnumerable<RecipeLocation> All => _byName.Values.OrderBy(l => l.Name, StringComparer.Ordinal);

    public bool TryFind(string name, out RecipeLocation location) => _byName.TryGetValue(name, out location!);

    /// <summary>
    /// Walks every root. A name found twice in one root is a warning naming both paths (the first path in ordinal
    /// order wins, so the choice never depends on the file system); a name in an earlier root hiding one in a later
    /// root is intended (that is how --recipes overrides work) and only reported as a detail.
    /// </summary>
    public static RecipeIndex Build(IReadOnlyList<RecipeRoot> roots, SourcePaths paths, IModelDiagnostics diagnostics)
    {
        var byName = new Dictionary<string, RecipeLocation>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            foreach (var group in Walk(root.Directory).GroupBy(d => Path.GetFileName(d), StringComparer.Ordinal))
            {
                var candidates = group.Order(StringComparer.Ordinal).ToList();
                var chosen = new RecipeLocation(group.Key, candidates[0], root);
                if (candidates.Count > 1)
                    diagnostics.Warning(
                        $"recipe '{group.Key}' is defined {candidates.Count} times in {root.Label}: {string.Join(", ", candidates.Select(paths.Display))}; " +
                        $"using {paths.Display(candidates[0])} (the first in path order); rename or delete the others");
                if (byName.TryGetValue(group.Key, out var earlier))
                    diagnostics.Detail($"recipe '{group.Key}' from {earlier.Root.Label} ({paths.Display(earlier.Directory)}) overrides {paths.Display(chosen.Directory)}");
                else
                    byName.Add(group.Key, chosen);
            }
        }
        return new RecipeIndex(roots, byName);
    }

    /// <summary>
    /// Directories holding a recipe.toml under <paramref name="root"/> (the root itself may be one recipe). The walk does not descend into a recipe
    /// (its source/ and target/ trees can be huge and may themselves contain recipes) nor into hidden folders.
    /// </summary>
    private static IEnumerable<string> Walk(string root)
    {
        if (!Directory.Exists(root)) yield break;
        var pending = new Stack<(string Directory, int Depth)>();
        pending.Push((root, 0));
        while (pending.TryPop(out var item))
        {
            if (File.Exists(Path.Combine(item.Directory, "recipe.toml")))
            {
                yield return item.Directory;
                continue;
            }
            if (item.Depth == MaxDepth) continue;
            IEnumerable<string> children;
            try
            {
                children = Directory.EnumerateDirectories(item.Directory);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or DirectoryNotFoundException)
            {
                continue;
            }
            foreach (var child in children)
                if (!Path.GetFileName(child).StartsWith('.')) pending.Push((child, item.Depth + 1));
        }
    }
}
