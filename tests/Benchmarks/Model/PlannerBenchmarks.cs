using System.Text;
using BenchmarkDotNet.Attributes;
using RedoxBuild.Model;
using RedoxBuild.Model.Planning;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Model.Recipes;
using RedoxBuild.Toml;

namespace RedoxBuild.Benchmarks.Model;

/// <summary>
/// Planning a synthetic recipe tree: libraries in layers that depend on lower layers, applications that depend on
/// libraries (build, dev and runtime edges, a few host tools), spread over category folders like upstream's.
/// A profile selects every fourth application. Each operation starts cold: index, parse what the closure needs,
/// closure, levels.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*PlannerBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private string _root = null!;
    private PackageSelection[] _profile = null!;

    [Params(500, 3500)]
    public int Recipes { get; set; }

    [GlobalSetup]
    public void Generate()
    {
        _root = Directory.CreateTempSubdirectory("redox-planner-bench-").FullName;
        var random = new Random(42);
        var libraries = Recipes / 5;
        string[] categories = ["libs", "core", "tools", "games", "net", "dev", "wip/libs", "wip/apps/x11"];
        for (var i = 0; i < Recipes; i++)
        {
            var isLibrary = i < libraries;
            var name = isLibrary ? $"lib{i:D4}" : $"app{i:D4}";
            // Libraries only depend on earlier libraries, so the tree has no build cycle; fan-out 0-3 / 1-6.
            var pool = isLibrary ? i : libraries;
            var deps = Pick(random, pool, isLibrary ? random.Next(0, 4) : random.Next(1, 7)).Select(d => $"\"lib{d:D4}\"").ToList();
            if (!isLibrary && random.Next(10) == 0) deps.Add($"\"host:lib{random.Next(libraries):D4}\"");
            var devDeps = !isLibrary && random.Next(4) == 0 ? [$"\"lib{random.Next(libraries):D4}\""] : new List<string>();
            var runtime = Pick(random, libraries, random.Next(0, 3)).Select(d => $"\"lib{d:D4}\"");
            var text = new StringBuilder()
                .AppendLine("[source]")
                .AppendLine($"git = \"https://gitlab.redox-os.org/redox-os/{name}.git\"")
                .AppendLine($"rev = \"{random.NextInt64():x16}{random.NextInt64():x16}{random.Next():x8}\"")
                .AppendLine()
                .AppendLine("[build]")
                .AppendLine(isLibrary ? "template = \"configure\"" : "template = \"cargo\"")
                .AppendLine($"dependencies = [{string.Join(", ", deps)}]")
                .AppendLine($"dev-dependencies = [{string.Join(", ", devDeps)}]")
                .AppendLine()
                .AppendLine("[package]")
                .AppendLine($"dependencies = [{string.Join(", ", runtime)}]")
                .ToString();
            var directory = Path.Combine(_root, categories[i % categories.Length], name);
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "recipe.toml"), text);
        }
        _profile = Enumerable.Range(libraries, Recipes - libraries).Where(i => i % 4 == 0)
            .Select(i => new PackageSelection(new PackageName($"app{i:D4}"), PackageRule.Default, null, new TomlPosition("bench.toml", 1, 1)))
            .ToArray();
    }

    [GlobalCleanup]
    public void Delete() => Directory.Delete(_root, recursive: true);

    [Benchmark]
    public int Index() => RecipeIndex.Build([new RecipeRoot(_root, "bench/")], new SourcePaths(_root), new DiagnosticBag()).Count;

    [Benchmark]
    public int IndexParseClosureLevels()
    {
        var diagnostics = new DiagnosticBag();
        var paths = new SourcePaths(_root);
        var catalog = new RecipeCatalog(RecipeIndex.Build([new RecipeRoot(_root, "bench/")], paths, diagnostics), new RecipeReader(paths, diagnostics));
        return new PackagePlanner(catalog, diagnostics).Plan("bench", _profile).Levels.Count;
    }

    private static IEnumerable<int> Pick(Random random, int pool, int count) =>
        pool == 0 ? [] : Enumerable.Range(0, count).Select(_ => random.Next(pool)).Distinct();
}
