using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using RedoxBuild.Hashing;

namespace RedoxBuild.Benchmarks.Hashing;

/// <summary>
/// One /etc/shadow entry: Argon2id with the argon2 CLI defaults (m=4096 KiB, t=3, p=1), ours vs the reference
/// CLI (process start included), plus a 64 MiB, 4-lane case where lanes run concurrently.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*Argon2*'
/// </summary>
[MemoryDiagnoser]
public class Argon2Benchmarks
{
    private static readonly Argon2Parameters Cli = new();
    private static readonly Argon2Parameters Large = new() { MemoryKiB = 64 * 1024, Parallelism = 4 };

    [Benchmark(Baseline = true)]
    public string Argon2id_m4096_t3_p1() => Argon2.HashPhc(Argon2Type.Argon2id, "password"u8, "somesalt"u8, Cli);

    [Benchmark]
    public string Argon2id_m65536_t3_p4() => Argon2.HashPhc(Argon2Type.Argon2id, "password"u8, "somesalt"u8, Large);

    [Benchmark]
    public string Reference_cli_m4096_t3_p1() => RunCli("4096", "1");

    [Benchmark]
    public string Reference_cli_m65536_t3_p4() => RunCli("65536", "4");

    private static string RunCli(string memoryKiB, string lanes)
    {
        var start = new ProcessStartInfo("argon2") { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "somesalt", "-id", "-t", "3", "-k", memoryKiB, "-p", lanes, "-e" }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.StandardInput.Write("password");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
