using System.Diagnostics;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using RedoxBuild.Hashing;

namespace RedoxBuild.Benchmarks.Hashing;

/// <summary>
/// BLAKE3 throughput on 64 MiB: our backends single-threaded and multi-threaded, SHA-256 from the BCL, and the
/// reference b3sum CLI on the same bytes in a file (process start included). MB/s = 64 MiB / mean time.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*Blake3*'
/// </summary>
[MemoryDiagnoser]
public class Blake3Benchmarks
{
    private const int Size = 64 * 1024 * 1024;
    private byte[] _data = [];
    private string _file = "";

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(1).NextBytes(_data);
        _file = Path.Combine(Path.GetTempPath(), $"redox-blake3-bench-{Environment.ProcessId}.bin");
        File.WriteAllBytes(_file, _data);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_file);

    [Benchmark(Baseline = true)]
    public byte[] Sha256_HashData() => SHA256.HashData(_data);

    [Benchmark]
    public byte[] Blake3_HashData() => Blake3.HashData(_data);

    [Benchmark]
    public byte[] Blake3_Scalar() => Hash(Blake3Backend.Scalar, parallel: false);

    [Benchmark]
    public byte[] Blake3_Vector128() => Hash(Blake3Backend.Vector128, parallel: false);

    [Benchmark]
    public byte[] Blake3_Vector256() => Hash(Blake3Backend.Vector256, parallel: false);

    [Benchmark]
    public byte[] Blake3_Vector512() => Blake3Engine.IsSupported(Blake3Backend.Vector512)
        ? Hash(Blake3Backend.Vector512, parallel: false)
        : throw new PlatformNotSupportedException("This CPU has no AVX-512.");

    [Benchmark]
    public byte[] Blake3_UpdateParallel() => Hash(Blake3Backend.Auto, parallel: true);

    [Benchmark]
    public byte[] Blake3_HashFile() => Blake3.HashFile(_file);

    [Benchmark]
    public string B3sum_Cli() => RunB3sum();

    [Benchmark]
    public string B3sum_Cli_OneThread() => RunB3sum("--num-threads", "1");

    private byte[] Hash(Blake3Backend backend, bool parallel)
    {
        var hasher = Blake3Hasher.New(backend);
        if (parallel) hasher.UpdateParallel(_data);
        else hasher.Update(_data);
        return hasher.GetCurrentHash();
    }

    private string RunB3sum(params string[] options)
    {
        var start = new ProcessStartInfo("b3sum") { RedirectStandardOutput = true };
        foreach (var option in options) start.ArgumentList.Add(option);
        start.ArgumentList.Add("--no-names");
        start.ArgumentList.Add(_file);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
