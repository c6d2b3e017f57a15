using BenchmarkDotNet.Attributes;
using RedoxBuild.Toml;

namespace RedoxBuild.Benchmarks.Toml;

/// <summary>
/// Parses every valid file of the toml-test 1.0.0 list (bytes already in memory) per operation; compare the MB/s
/// column with tools/bench/tomllib_throughput.py, which does the same with Python's tomllib.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*TomlParser*' --job short
/// </summary>
[MemoryDiagnoser]
[Config(typeof(TomlThroughputConfig))]
public class TomlParserBenchmarks
{
    private TomlCorpus corpus = null!;

    [GlobalSetup]
    public void LoadCorpus() => corpus = TomlCorpus.Load();

    [Benchmark]
    public int ParseAllValidFiles()
    {
        var topLevelKeys = 0;
        foreach (var (name, bytes) in corpus.Files)
            topLevelKeys += TomlParser.Parse(bytes, name).Count;
        return topLevelKeys;
    }
}
