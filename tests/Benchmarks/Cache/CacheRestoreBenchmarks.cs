using System.Diagnostics;
using System.Runtime.Versioning;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using RedoxBuild.Cache;
using RedoxBuild.Cache.Signing;
using Serilog;

namespace RedoxBuild.Benchmarks.Cache;

/// <summary>
/// Restoring 200 outputs (1 KiB to 8 MiB, log-uniform, about 190 MB) from each remote into an empty local store,
/// against cp -a of the same stage directories on local disk. A restore downloads, re-hashes, keeps the archive
/// locally and extracts it. Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*CacheRestore*'
/// </summary>
[UnsupportedOSPlatform("windows")]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[Config(typeof(CacheThroughputConfig))]
public class CacheRestoreBenchmarks
{
    private string _dir = "";
    private CacheCorpus _corpus = null!;
    private BenchmarkServers _servers = null!;
    private string _publicKey = "";
    private string _secretKeyFile = "";

    /// <summary>Restores in flight at once (Cook restores in parallel, up to its job count).</summary>
    [Params(1, 4)]
    public int Parallelism { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("redox-cache-bench-").FullName;
        _corpus = CacheCorpus.Create(Path.Combine(_dir, "stages"));
        _servers = new BenchmarkServers(Path.Combine(_dir, "servers"));
        try
        {
            _secretKeyFile = Path.Combine(_dir, "bench.secret");
            _publicKey = CacheKeyGenerator.Generate("bench-1", _secretKeyFile).PublicKey;
            PublishEverywhereAsync().GetAwaiter().GetResult();
        }
        catch
        {
            // BenchmarkDotNet skips GlobalCleanup when GlobalSetup throws.
            Cleanup();
            throw;
        }
    }

    private async Task PublishEverywhereAsync()
    {
        var requests = _corpus.Outputs.Select(o => new CachePublishRequest(o.Key, o.Stage, new OutputMetadata("bench", "1", TimeSpan.FromSeconds(1)))).ToList();
        foreach (var url in new[] { _servers.HttpUrl, _servers.OciUrl, _servers.S3Url })
        {
            await using var publisher = Cache("publisher-" + Guid.NewGuid().ToString("N"), url, sign: true);
            var report = await publisher.PublishAsync(requests);
            if (report.Failures.Count > 0) throw new InvalidOperationException($"Publishing to {url} failed: {report.Failures[0].Error}");
        }
    }

    // Every restore starts from an empty local store and output directory, with the same page-cache state.
    [IterationSetup]
    public void Clean()
    {
        foreach (var name in new[] { "reader", "restored", "copied" })
            if (Directory.Exists(Path.Combine(_dir, name))) RedoxBuild.Cache.Archive.TreeDeletion.Delete(Path.Combine(_dir, name));
        Run("sync");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _servers.Dispose();
        RedoxBuild.Cache.Archive.TreeDeletion.Delete(_dir);
    }

    [Benchmark(Baseline = true, Description = "cp -a (local disk)")]
    public void Copy() => Run("cp", "-a", _corpus.Root, Path.Combine(_dir, "copied"));

    [Benchmark(Description = "restore from http://")]
    public Task Http() => RestoreAllAsync(_servers.HttpUrl);

    [Benchmark(Description = "restore from oci://")]
    public Task Oci() => RestoreAllAsync(_servers.OciUrl);

    [Benchmark(Description = "restore from s3://")]
    public Task S3() => RestoreAllAsync(_servers.S3Url);

    private async Task RestoreAllAsync(string url)
    {
        await using var reader = Cache("reader", url, sign: false);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism };
        await Parallel.ForEachAsync(_corpus.Outputs, options, async (output, token) =>
        {
            var result = await reader.TryRestoreAsync(output.Key, Path.Combine(_dir, "restored", output.Key), token);
            if (!result.Hit) throw new InvalidOperationException($"{output.Key} missed: {result.MissReason} {result.Detail}");
        });
    }

    private BuildCache Cache(string local, string url, bool sign) => BuildCache.Create(new CacheOptions
    {
        LocalDirectory = Path.Combine(_dir, local),
        RemoteUrls = [url],
        SecretKeyFile = sign ? _secretKeyFile : null,
        TrustedKeys = [_publicKey],
        S3Endpoint = _servers.S3Endpoint,
        Credentials = new CacheCredentials(S3AccessKey: new SecretText("S3RVER"), S3SecretKey: new SecretText("S3RVER")),
        Jobs = Math.Max(4, Parallelism),
    }, new LoggerConfiguration().MinimumLevel.Warning().WriteTo.Console().CreateLogger());

    private static void Run(string tool, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args) { UseShellExecute = false })!;
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) throw new TimeoutException($"{tool} took over 5 minutes");
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} exited {process.ExitCode}");
    }
}

/// <summary>Adds an MB/s column: the corpus's bytes over the mean time of one full restore.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class CacheThroughputConfig : ManualConfig
{
    public CacheThroughputConfig() => AddColumn(new Toml.ThroughputColumn(CacheCorpus.Bytes));
}
