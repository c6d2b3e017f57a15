using RedoxBuild.Toml;
using static RedoxBuild.Model.TomlReads;

namespace RedoxBuild.Model.Recipes;

/// <summary>
/// Turns recipe.toml into a <see cref="Recipe"/>, rejecting what upstream's loader rejects (with file:line:col and
/// the reason) and warning about what it silently ignores (unknown keys, options of another template).
/// </summary>
public sealed partial class RecipeReader(SourcePaths paths, IModelDiagnostics diagnostics)
{
    private static readonly string[] TopLevelKeys = ["source", "build", "package", "optional-packages"];
    private static readonly string[] PackageKeys = ["dependencies", "version", "description"];
    private static readonly string[] OptionalPackageKeys = ["name", "files", "dependencies"];

    /// <summary>Reads <c>directory/recipe.toml</c>; the recipe is named <paramref name="name"/> (its directory name).</summary>
    public Recipe Read(string name, string directory)
    {
        var file = Path.Combine(directory, "recipe.toml");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (IOException e)
        {
            throw new ModelException(null, $"cannot read {paths.Display(file)}: {e.Message}", e);
        }
        return Parse(name, directory, bytes);
    }

    /// <summary>Parses recipe text as if it were <c>directory/recipe.toml</c>.</summary>
    public Recipe Parse(string name, string directory, ReadOnlySpan<byte> toml)
    {
        try
        {
            var document = TomlParser.Parse(toml, paths.Display(Path.Combine(directory, "recipe.toml")));
            WarnUnknownKeys(document, "the recipe", TopLevelKeys, diagnostics);
            return new Recipe(
                name,
                directory,
                ReadSource(document),
                ReadBuild(document),
                ReadPackage(document),
                ReadOptionalPackages(document));
        }
        catch (TomlException e)
        {
            throw ModelException.From(e);
        }
    }

    private RecipePackage ReadPackage(TomlTable document)
    {
        if (!document.TryGetTable("package", out var package))
            return new RecipePackage([], null, null, document.Position);
        WarnUnknownKeys(package, "[package]", PackageKeys, diagnostics);
        return new RecipePackage(
            PackageReferences(package, "dependencies"),
            OptionalString(package, "version"),
            OptionalString(package, "description"),
            package.Position);
    }

    private IReadOnlyList<OptionalPackage> ReadOptionalPackages(TomlTable document)
    {
        if (!document.TryGetArray("optional-packages", out var array)) return [];
        var packages = new List<OptionalPackage>();
        foreach (var table in array.GetTables())
        {
            WarnUnknownKeys(table, "[[optional-packages]]", OptionalPackageKeys, diagnostics);
            var nameNode = table.Get<TomlString>("name");
            if (nameNode.Value.Length == 0 || nameNode.Value.Any(c => c is '.' or '/' or ':' || char.IsWhiteSpace(c)))
                throw new ModelException(nameNode.Position, $"optional package name \"{nameNode.Value}\" must be a plain word (it becomes <recipe>.{nameNode.Value})");
            if (packages.FirstOrDefault(p => p.Name == nameNode.Value) is { } earlier)
                throw new ModelException(nameNode.Position, $"optional package \"{nameNode.Value}\" is declared twice (first at {earlier.Position})");
            packages.Add(new OptionalPackage(nameNode.Value, table.GetStringsOrEmpty("files"), PackageReferences(table, "dependencies"), table.Position));
        }
        return packages;
    }
}
