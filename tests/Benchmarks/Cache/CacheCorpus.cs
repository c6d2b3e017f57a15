using System.Runtime.Versioning;

namespace RedoxBuild.Benchmarks.Cache;

/// <summary>
/// 200 outputs whose sizes are log-uniform between 1 KiB and 8 MiB (seeded, so every run restores the same
/// bytes): many small outputs and a few large ones, roughly like a Redox build's recipes. Each output is a
/// directory with a small executable and one random, incompressible payload.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed record CacheCorpus(string Root, IReadOnlyList<(string Key, string Stage, long Bytes)> Outputs)
{
    public const int Count = 200;
    private const double MinBytes = 1024, MaxBytes = 8 * 1024 * 1024;

    public long TotalBytes => Outputs.Sum(o => o.Bytes);

    /// <summary>The payload sizes, from their own seeded generator so the byte total is known without writing the corpus.</summary>
    public static IReadOnlyList<int> Sizes()
    {
        var random = new Random(20261121);
        return Enumerable.Range(0, Count).Select(_ => (int)Math.Exp(Math.Log(MinBytes) + random.NextDouble() * (Math.Log(MaxBytes) - Math.Log(MinBytes)))).ToList();
    }

    /// <summary>Bytes in the corpus: each payload plus its executable (the payload's first 100 bytes).</summary>
    public static long Bytes => Sizes().Sum(size => (long)size + Math.Min(size, 100));

    public static CacheCorpus Create(string root)
    {
        var content = new Random(42);
        var outputs = new List<(string, string, long)>();
        var sizes = Sizes();
        for (var i = 0; i < Count; i++)
        {
            var size = sizes[i];
            var stage = Path.Combine(root, $"recipe-{i:D3}");
            Directory.CreateDirectory(Path.Combine(stage, "bin"));
            Directory.CreateDirectory(Path.Combine(stage, "lib"));
            var payload = new byte[size];
            content.NextBytes(payload);
            File.WriteAllBytes(Path.Combine(stage, "lib", "output.bin"), payload);
            var tool = Path.Combine(stage, "bin", "tool");
            File.WriteAllBytes(tool, payload.AsSpan(0, Math.Min(size, 100)).ToArray());
            File.SetUnixFileMode(tool, (UnixFileMode)0b111_101_101);
            var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"benchmark recipe {i}")));
            outputs.Add((key, stage, size + Math.Min(size, 100)));
        }
        return new CacheCorpus(root, outputs);
    }
}
