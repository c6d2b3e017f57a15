namespace RedoxBuild.Model.Recipes;

/// <summary>Recipes by name, parsed on first use and kept for the rest of the run.</summary>
public sealed class RecipeCatalog(RecipeIndex index, RecipeReader reader)
{
    private readonly Dictionary<string, Recipe> _loaded = new(StringComparer.Ordinal);

    public RecipeIndex Index => index;

    /// <summary>The recipe named <paramref name="name"/>, or null when no root has it. Invalid recipes throw <see cref="ModelException"/>.</summary>
    public Recipe? Find(string name)
    {
        if (_loaded.TryGetValue(name, out var recipe)) return recipe;
        if (!index.TryFind(name, out var location)) return null;
        recipe = reader.Read(location.Name, location.Directory);
        _loaded.Add(name, recipe);
        return recipe;
    }

    /// <summary>How many recipe files were parsed so far (the rest of the index was never opened).</summary>
    public int LoadedCount => _loaded.Count;
}
