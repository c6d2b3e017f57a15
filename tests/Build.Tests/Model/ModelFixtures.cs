using System.Text;
using RedoxBuild.Model;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Model.Recipes;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Model;

/// <summary>The hand-written fixtures beside these tests, and readers that name files relative to them.</summary>
internal static class ModelFixtures
{
    public static string Root { get; } = Path.Combine(RepoPaths.Root, "tests", "Build.Tests", "Model", "Fixtures");

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Positions and messages name fixture files relative to the fixture folder ("profiles/merge/top.toml").</summary>
    public static SourcePaths Paths { get; } = new(Root);

    public static Profile LoadProfile(string relative, DiagnosticBag? diagnostics = null) =>
        new ProfileLoader(Paths, diagnostics ?? new DiagnosticBag()).Load(Path.GetFileNameWithoutExtension(relative), PathOf(relative));

    public static RecipeCatalog Catalog(string recipesRelative, DiagnosticBag diagnostics)
    {
        var index = RecipeIndex.Build([new RecipeRoot(PathOf(recipesRelative), recipesRelative + "/")], Paths, diagnostics);
        return new RecipeCatalog(index, new RecipeReader(Paths, diagnostics));
    }
}

/// <summary>A temporary folder tests write recipes and configs into; deleted on dispose.</summary>
internal sealed class TempTree : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("redox-model-test-").FullName;

    public SourcePaths Paths => new(Root);

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    public string Recipe(string directory, string toml = "") => Write(Path.Combine(directory, "recipe.toml"), toml);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
