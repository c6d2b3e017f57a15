using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RedoxBuild.Benchmarks.Toml;

/// <summary>Megabytes (10^6 bytes) of TOML parsed per second: corpus size over the mean time of one pass.</summary>
public sealed class ThroughputColumn(long bytesPerOperation) : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Throughput over the corpus ({bytesPerOperation:N0} bytes per operation), in 10^6 bytes per second";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return meanNanoseconds is > 0
            ? (bytesPerOperation / (meanNanoseconds.Value / 1e9) / 1e6).ToString("F1", CultureInfo.InvariantCulture)
            : "NA";
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}

/// <summary>Adds the MB/s column for benchmarks whose one operation parses the whole corpus.</summary>
public sealed class TomlThroughputConfig : ManualConfig
{
    public TomlThroughputConfig() => AddColumn(new ThroughputColumn(TomlCorpus.Load().TotalBytes));
}
