using System.Text;
using RedoxBuild.Cook.Staging;
using RedoxBuild.Model;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Model.Recipes;
using RedoxBuild.Tests.Support;
using RedoxBuild.Toml;

namespace RedoxBuild.Tests.Image;

/// <summary>
/// A temporary folder for image specs: profiles written as TOML and loaded like the build loads them, staged outputs
/// committed to a real <see cref="StageStore"/>, and recipes built in memory. Everything goes with the folder.
/// </summary>
internal sealed class ImageScratch : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("redox-image-test-").FullName;

    public StageStore Stages => new(Path.Combine(Root, "stages"));

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    /// <summary>Loads a profile from TOML text (written as profiles/NAME.toml, so includes resolve beside it).</summary>
    public Profile Profile(string toml, string name = "test") =>
        new ProfileLoader(new SourcePaths(Root), new DiagnosticBag()).Load(name, Write($"profiles/{name}.toml", toml));

    /// <summary>
    /// A committed stage: <paramref name="files"/> maps stage paths to content; a value starting with "-> " makes a
    /// link, a path ending in '/' a directory; <paramref name="modes"/> sets modes (octal text) by path.
    /// </summary>
    public StagedOutput Stage(string recipe, IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, string>? modes = null)
    {
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(recipe + string.Join("\n", files.Select(f => f.Key + "=" + f.Value)))));
        var temporary = Stages.BeginTemporary(key);
        var tree = Path.Combine(temporary, "stage");
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(tree, path.TrimEnd('/'));
            if (path.EndsWith('/')) { Directory.CreateDirectory(full); continue; }
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            if (content.StartsWith("-> ", StringComparison.Ordinal)) File.CreateSymbolicLink(full, content[3..]);
            else File.WriteAllText(full, content);
        }
        foreach (var (path, mode) in modes ?? new Dictionary<string, string>())
            File.SetUnixFileMode(Path.Combine(tree, path.TrimEnd('/')), (UnixFileMode)Convert.ToInt32(mode, 8));
        return Stages.Commit(temporary, key, recipe, "x86_64-unknown-redox", 0);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

internal static class TestRecipes
{
    private static readonly TomlPosition Nowhere = new("test", 1, 1);

    /// <summary>A recipe with optional packages given as (name, globs).</summary>
    public static Recipe Make(string name, params (string Name, string[] Files)[] optional) => new(
        name, "/recipes/" + name, null,
        new RecipeBuild(new NoneTemplate(), [], [], Nowhere),
        new RecipePackage([], null, null, Nowhere),
        optional.Select(o => new OptionalPackage(o.Name, o.Files, [], Nowhere)).ToList());
}

/// <summary>Modes and owners of a built tree, read back from the host.</summary>
internal static class TreeFacts
{
    public static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);

    public static string? LinkTarget(string path) => new FileInfo(path).LinkTarget;

    public static string ShippedProfile(string name) => Path.Combine(RepoPaths.Root, "profiles", name + ".toml");
}
