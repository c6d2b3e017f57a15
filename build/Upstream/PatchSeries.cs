using RedoxBuild.Engine;
using RedoxBuild.Model;

namespace RedoxBuild.Upstream;

/// <summary>One patch file of a series.</summary>
public sealed record PatchFile(string Name, string Path);

/// <summary>
/// The local patches of one recipe: the git format-patch files in patches/&lt;recipe&gt;/, in the order of its
/// optional <c>series</c> file (quilt's convention), else sorted by name (0001-…, 0002-…). They are applied after the
/// patches the recipe itself lists.
/// </summary>
public sealed record PatchSeries(string Directory, IReadOnlyList<PatchFile> Patches, bool HasSeriesFile)
{
    public const string SeriesFileName = "series";

    /// <summary>patches/&lt;recipe&gt; under the repository root.</summary>
    public static AbsolutePath DirectoryFor(AbsolutePath root, string recipe) => root / "patches" / RecipeNames.Check(recipe);

    /// <summary>Reads the series in <paramref name="directory"/>; a missing directory is an empty series.</summary>
    public static PatchSeries Load(string directory, SourcePaths paths)
    {
        if (!System.IO.Directory.Exists(directory)) return new PatchSeries(directory, [], false);
        var seriesFile = System.IO.Path.Combine(directory, SeriesFileName);
        if (!File.Exists(seriesFile))
        {
            var sorted = System.IO.Directory.GetFiles(directory, "*.patch")
                .Select(System.IO.Path.GetFileName).OfType<string>()
                .Order(StringComparer.Ordinal)
                .Select(name => new PatchFile(name, System.IO.Path.Combine(directory, name)))
                .ToList();
            return new PatchSeries(directory, sorted, false);
        }

        var patches = new List<PatchFile>();
        var lines = File.ReadAllLines(seriesFile);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var location = new SourceLocation(paths.Display(seriesFile), i + 1, 1);
            if (line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length > 1)
                throw new PatchSeriesException($"{location.File}:{location.Line}: '{line}' has options after the file name; quilt's per-patch options are not supported. Every patch applies with -p1: write only the file name.", location);
            if (line.Contains('/') || line is "." or "..")
                throw new PatchSeriesException($"{location.File}:{location.Line}: '{line}' is not a file name in {paths.Display(directory)}; the series lists files of its own folder only.", location);
            var path = System.IO.Path.Combine(directory, line);
            if (!File.Exists(path))
                throw new PatchSeriesException($"{location.File}:{location.Line}: patch '{line}' does not exist in {paths.Display(directory)}. Add the file or remove the line.", location);
            if (patches.Any(p => p.Name == line))
                throw new PatchSeriesException($"{location.File}:{location.Line}: patch '{line}' is listed twice.", location);
            patches.Add(new PatchFile(line, path));
        }
        return new PatchSeries(directory, patches, true);
    }
}

/// <summary>A series file that cannot be read; points at the line.</summary>
public sealed class PatchSeriesException(string message, SourceLocation location) : BuildFailure(message), IHasSourceLocation
{
    public SourceLocation? Location { get; } = location;
}

/// <summary>Recipe names become folder names (patches/R, build/sources/R), so they must be plain names.</summary>
public static class RecipeNames
{
    public static string Check(string recipe)
    {
        if (string.IsNullOrWhiteSpace(recipe))
            throw new BuildFailure("A recipe name is required (--recipe <name>, e.g. --recipe base).");
        if (recipe is "." or ".." || recipe.IndexOfAny(['/', '\\', '\0']) >= 0 || recipe.Trim() != recipe)
            throw new BuildFailure($"'{recipe}' is not a recipe name: give the name of the recipe's folder (e.g. base, relibc), without slashes.");
        return recipe;
    }
}
