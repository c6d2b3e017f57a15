using RedoxBuild.Toml;

namespace RedoxBuild.Model.Recipes;

/// <summary>
/// A recipe.toml in upstream's schema (Cookbook src/recipe.rs), with the place every part was written so later
/// errors can point into the file. <see cref="Name"/> is the name of the directory holding the file.
/// </summary>
public sealed record Recipe(
    string Name,
    string Directory,
    RecipeSource? Source,
    RecipeBuild Build,
    RecipePackage Package,
    IReadOnlyList<OptionalPackage> OptionalPackages)
{
    public string File => Path.Combine(Directory, "recipe.toml");

    public OptionalPackage? FindOptionalPackage(string name) => OptionalPackages.FirstOrDefault(p => p.Name == name);
}

/// <summary>A dependency as a recipe or profile wrote it, with where (for "who asked for it" in errors).</summary>
public sealed record PackageReference(PackageName Name, TomlPosition Position)
{
    public override string ToString() => Name.ToString();
}

/// <summary>Where a recipe's source comes from: exactly one of git, tar, path or same_as.</summary>
public abstract record RecipeSource(TomlPosition Position);

/// <summary>
/// A git checkout. <see cref="Rev"/> pins a commit (or tag); without it upstream follows <see cref="Branch"/>.
/// Patches (files in the recipe directory) are applied with <c>patch -p1</c>, then <see cref="Script"/> runs in the source.
/// </summary>
public sealed record GitSource(
    string Url,
    string? Branch,
    string? Rev,
    bool? ShallowClone,
    string? Upstream,
    IReadOnlyList<string> Patches,
    string? Script,
    TomlPosition Position) : RecipeSource(Position);

/// <summary>
/// A release archive. <see cref="Blake3"/> is upstream's checksum; <see cref="Sha256"/> is ours, for archives whose
/// publisher only lists a SHA-256 (upstream tools ignore the key).
/// </summary>
public sealed record TarSource(
    string Url,
    string? Blake3,
    string? Sha256,
    IReadOnlyList<string> Patches,
    string? Script,
    TomlPosition Position) : RecipeSource(Position);

/// <summary>A local directory copied into the source tree (relative paths are relative to the recipe directory).</summary>
public sealed record PathSource(string Path, TomlPosition Position) : RecipeSource(Position);

/// <summary>Shares the source of another recipe, named by a path relative to this recipe's directory (e.g. "../llvm21").</summary>
public sealed record SameAsSource(string RecipePath, TomlPosition Position) : RecipeSource(Position);

/// <summary>The [build] table: a template with its options, plus dependencies installed before the build runs.</summary>
public sealed record RecipeBuild(
    BuildTemplate Template,
    IReadOnlyList<PackageReference> Dependencies,
    IReadOnlyList<PackageReference> DevDependencies,
    TomlPosition Position);

/// <summary>The [package] table: runtime dependencies installed with the package, and its metadata.</summary>
public sealed record RecipePackage(
    IReadOnlyList<PackageReference> Dependencies,
    string? Version,
    string? Description,
    TomlPosition Position);

/// <summary>An [[optional-packages]] entry: files (globs) split off the stage into the package <c>recipe.name</c>.</summary>
public sealed record OptionalPackage(
    string Name,
    IReadOnlyList<string> Files,
    IReadOnlyList<PackageReference> Dependencies,
    TomlPosition Position);
