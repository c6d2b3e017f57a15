using System.Text;
using BenchmarkDotNet.Attributes;
using RedoxBuild.Engine;

namespace RedoxBuild.Benchmarks.Cook;

/// <summary>
/// Parallel speed-up on independent recipes: four CPU-bound C recipes cooked from scratch with --jobs 1 and --jobs 2
/// through the real Build (goal: ≥ 1.8× on two cores). Stages are deleted before each iteration so every run compiles.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*CookParallelBenchmarks*'
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class CookParallelBenchmarks
{
    private string _root = null!;

    [Params(1, 2)]
    public int Jobs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("redox-cook-parallel-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, ".nuke"));
        Directory.CreateDirectory(Path.Combine(_root, "recipes"));
        var source = new StringBuilder("#include <stdio.h>\n");
        for (var f = 0; f < 1500; f++)
            source.AppendLine($"static double f{f}(double x) {{ double s = 0; for (int i = 0; i < 64; i++) s += (x * {f} + i) / (i + 1.5); return s; }}");
        source.AppendLine("int main(void) { double t = 0;");
        for (var f = 0; f < 1500; f++) source.AppendLine($"  t += f{f}({f});");
        source.AppendLine("  printf(\"%f\\n\", t); return 0; }");
        for (var r = 0; r < 4; r++)
        {
            var src = Directory.CreateDirectory(Path.Combine(_root, "src", $"heavy{r}")).FullName;
            File.WriteAllText(Path.Combine(src, "heavy.c"), source.ToString().Replace("int main", $"int unused{r} = {r};\nint main"));
            var recipe = Directory.CreateDirectory(Path.Combine(_root, "bench-recipes", $"heavy{r}")).FullName;
            File.WriteAllText(Path.Combine(recipe, "recipe.toml"),
                $"[source]\npath = \"{src}\"\n\n[build]\ntemplate = \"custom\"\nscript = '''\nmkdir -p \"$COOKBOOK_STAGE/usr/bin\"\n\"$CC\" -O2 \"$COOKBOOK_SOURCE/heavy.c\" -o \"$COOKBOOK_STAGE/usr/bin/heavy{r}\"\n'''\n");
        }
    }

    [IterationSetup]
    public void ForgetOutputs()
    {
        var work = Path.Combine(_root, "build", "work");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Description = "cook 4 independent C recipes")]
    public async Task<int> CookFour()
    {
        var invocation = new BuildInvocation(
            ["Cook", "--recipe", "heavy0,heavy1,heavy2,heavy3", "--jobs", Jobs.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--target-triple", "x86_64-unknown-linux-gnu", "--recipes", Path.Combine(_root, "bench-recipes"), "--source-cache", Path.Combine(_root, "cache"),
             "--no-cache", "--verbosity", "quiet", "--no-logo"],
            new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "", ["HOME"] = _root }, _root, TextWriter.Null, TextWriter.Null, false);
        var code = await BuildRunner.RunAsync<Build>(invocation);
        return code == 0 ? code : throw new InvalidOperationException($"Cook exited {code}");
    }
}
