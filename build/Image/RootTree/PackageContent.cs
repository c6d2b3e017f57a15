using RedoxBuild.Cook.Staging;
using RedoxBuild.Model;
using RedoxBuild.Model.Recipes;

namespace RedoxBuild.Image.RootTree;

/// <summary>
/// What one package puts into the root tree: the files of its recipe's staged output it owns. A recipe's main
/// package owns its stage minus everything an [[optional-packages]] entry claims; <c>recipe.sub</c> owns exactly what
/// the entry's globs claim (upstream moves those files into stage.&lt;sub&gt;). <see cref="Key"/> is the stage's content key.
/// </summary>
public sealed record PackageContent(PackageName Name, string Key, string StageTree, IReadOnlyList<StagedFile> Files)
{
    public long Bytes => Files.Sum(f => f.Size);

    /// <summary>The part of <paramref name="stage"/> that package <paramref name="name"/> of <paramref name="recipe"/> owns.</summary>
    public static PackageContent From(PackageName name, Recipe recipe, StagedOutput stage)
    {
        IReadOnlyList<StagedFile> files;
        if (name.Sub is { } sub)
        {
            var optional = recipe.FindOptionalPackage(sub)
                ?? throw new ImageException($"recipe \"{recipe.Name}\" ({recipe.File}) has no optional package \"{sub}\", but package {name} is installed");
            var globs = optional.Files.Select(f => new StageGlob(f)).ToList();
            files = stage.Manifest.Files.Where(f => globs.Any(g => g.Claims(f.Path))).ToList();
        }
        else
        {
            var claimed = recipe.OptionalPackages.SelectMany(p => p.Files).Select(f => new StageGlob(f)).ToList();
            files = stage.Manifest.Files.Where(f => !claimed.Any(g => g.Claims(f.Path))).ToList();
        }
        return new PackageContent(name, stage.Key, stage.Tree, files);
    }
}
