using System.Text;
using BenchmarkDotNet.Attributes;
using RedoxBuild.CliWrap;
using RedoxBuild.Cook;
using RedoxBuild.Cook.Fetch;
using RedoxBuild.Cook.Keys;
using RedoxBuild.Cook.Scripting;
using RedoxBuild.Cook.Staging;
using RedoxBuild.Engine;
using RedoxBuild.Model;
using RedoxBuild.Model.Planning;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Model.Recipes;
using RedoxBuild.Toml;
using Serilog;

namespace RedoxBuild.Benchmarks.Cook;

/// <summary>
/// A warm no-op cook of a synthetic 500-recipe graph (goal: plan and key check under 200 ms): index the recipes,
/// plan the closure, key every unit (recipe files, pinned sources, toolchain, dependencies) and find every stage.
/// The setup publishes an empty stage under each key, which is what a previous cook leaves behind.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*CookNoOpBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class CookNoOpBenchmarks
{
    private string _root = null!;
    private BuildSession _session = null!;
    private PackageSelection[] _selection = null!;

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("redox-cook-bench-").FullName;
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var deps = i < 100 ? Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(Math.Max(1, i))).Where(d => d < i).Distinct()
                : Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(100)).Distinct();
            var text = new StringBuilder()
                .AppendLine("[source]").AppendLine($"git = \"https://gitlab.redox-os.org/redox-os/r{i:D3}.git\"").AppendLine($"rev = \"{i:D40}\"")
                .AppendLine("[build]").AppendLine("template = \"custom\"").AppendLine("script = \"true\"")
                .AppendLine($"dependencies = [{string.Join(", ", deps.Select(d => $"\"r{d:D3}\""))}]");
            var dir = Directory.CreateDirectory(Path.Combine(_root, "recipes", i < 100 ? "libs" : "apps", $"r{i:D3}")).FullName;
            File.WriteAllText(Path.Combine(dir, "recipe.toml"), text.ToString());
        }
        _session = Session(_root);
        _selection = Enumerable.Range(100, 400).Select(i => new PackageSelection(PackageName.Parse($"r{i:D3}"), PackageRule.Default, null, new TomlPosition("bench", 1, 1))).ToArray();
        var (units, keys, stages) = PlanAsync().GetAwaiter().GetResult();
        foreach (var k in keys) stages.Commit(stages.BeginTemporary(k.Key.Hex), k.Key.Hex, k.Unit.Id, k.Unit.Platform.Triple, 1);
        if (units.Count != 500) throw new InvalidOperationException($"expected 500 units, planned {units.Count}");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Description = "warm no-op: plan + keys + stage lookups, 500 recipes")]
    public async Task<int> WarmNoOp()
    {
        var (_, keys, stages) = await PlanAsync();
        var missing = keys.Count(k => stages.TryGet(k.Key.Hex) is null);
        return missing == 0 ? keys.Count : throw new InvalidOperationException($"{missing} stages missing");
    }

    private async Task<(IReadOnlyList<CookUnit> Units, IReadOnlyList<KeyedUnit> Keys, StageStore Stages)> PlanAsync()
    {
        var paths = new SourcePaths(AbsolutePath.Create(_root));
        var diagnostics = new DiagnosticBag();
        var index = RecipeIndex.Build([new RecipeRoot(AbsolutePath.Create(Path.Combine(_root, "recipes")), "recipes/")], paths, diagnostics);
        var catalog = new RecipeCatalog(index, new RecipeReader(paths, diagnostics));
        var plan = new PackagePlanner(catalog, diagnostics).Plan("bench", _selection);
        var units = CookUnit.FromPlan(plan, TargetPlatform.Host);
        var layout = new CookLayout(_root, Path.Combine(_root, "build", "sources"), Path.Combine(_root, "build", "work"), Path.Combine(_root, "cache"),
            Path.Combine(_root, "recipes.lock"), Path.Combine(_root, "patches"));
        var git = new Git(_session.Processes);
        var resolver = new SourceResolver(RecipesLock.Load(layout.LockFile), new GitMirrorCache(git, layout.GitMirrors),
            new Downloader(new HttpClient(), layout.Downloads, _session.Logger, false), catalog, offline: true, dryRun: false);
        var keyPlanner = new KeyPlanner(resolver, new ToolchainIdentity(_session.Processes, _root), layout, new CookOptions(TargetPlatform.Host, 2));
        return (units, await keyPlanner.PlanAsync(units, default), new StageStore(layout.Stages));
    }

    private static BuildSession Session(string root) => new()
    {
        RootDirectory = AbsolutePath.Create(root),
        WorkingDirectory = root,
        Environment = new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "" },
        Host = new TerminalHost(TextWriter.Null, false),
        Logger = new LoggerConfiguration().CreateLogger(),
        Secrets = new SecretRedactor(),
        CancellationToken = default,
        TargetCancellation = default,
        Out = TextWriter.Null,
        ExecutingTarget = new ExecutingTargetContext(),
    };
}
