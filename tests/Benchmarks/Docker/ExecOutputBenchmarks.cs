using System.Text;
using BenchmarkDotNet.Attributes;
using RedoxBuild.Cook.Containers;
using RedoxBuild.Docker;

namespace RedoxBuild.Benchmarks.Docker;

/// <summary>
/// How fast a recipe's exec output is taken apart: 16 MiB of compiler-like lines (80 characters, stdout and stderr
/// interleaved) in 4 KiB frames, as dockerd sends them, decoded by MultiplexedStream alone and then split into log
/// lines by OutputLines. MB/s = 16 MiB / mean time; a big C++ build writes a few MB of log.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*ExecOutput*'
/// </summary>
[MemoryDiagnoser]
public class ExecOutputBenchmarks
{
    private const int Size = 16 * 1024 * 1024;
    private byte[] _frames = [];

    [GlobalSetup]
    public void Setup()
    {
        var line = Encoding.UTF8.GetBytes(new string('x', 75) + " ok\r\n");
        using var frames = new MemoryStream();
        var payload = new byte[4096];
        for (var written = 0; written < Size; written += payload.Length)
        {
            for (var i = 0; i < payload.Length; i++) payload[i] = line[(written + i) % line.Length];
            var stream = (byte)((written / payload.Length) % 5 == 4 ? 2 : 1);
            frames.Write([stream, 0, 0, 0, 0, 0, (byte)(payload.Length >> 8), (byte)payload.Length]);
            frames.Write(payload);
        }
        _frames = frames.ToArray();
    }

    [Benchmark(Baseline = true)]
    public async Task<long> Decode_frames()
    {
        using var stream = new MultiplexedStream(new MemoryStream(_frames), multiplexed: true);
        var buffer = new byte[16384];
        long total = 0;
        while (await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None) is { EOF: false } read) total += read.Count;
        return total;
    }

    [Benchmark]
    public async Task<long> Decode_frames_into_lines()
    {
        using var stream = new MultiplexedStream(new MemoryStream(_frames), multiplexed: true);
        long lines = 0;
        var splitter = new OutputLines((_, _) => lines++);
        var buffer = new byte[16384];
        while (await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None) is { EOF: false } read) splitter.Write(buffer, read.Count, read.Target);
        splitter.Flush();
        return lines;
    }
}
