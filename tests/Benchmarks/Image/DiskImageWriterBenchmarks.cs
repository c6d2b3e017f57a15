using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using RedoxBuild.Image.Disk;

namespace RedoxBuild.Benchmarks.Image;

/// <summary>
/// Image assembly throughput: a 512 MiB image whose REDOX partition receives a 256 MiB random payload (no zero
/// blocks to skip, so this is the copy itself), against dd of the same payload into a pre-sized file.
/// Throughput = 256 MiB / median. Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*DiskImageWriter*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 20)]
[MemoryDiagnoser]
public class DiskImageWriterBenchmarks
{
    private const long MiB = 1024 * 1024;
    private string _dir = "";
    private string _payload = "";
    private string _output = "";
    private GptLayout _layout = null!;
    private FatVolume _esp = null!;

    [Params(false, true)]
    public bool Fsync { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("redox-disk-bench-").FullName;
        _payload = Path.Combine(_dir, "payload.img");
        _output = Path.Combine(_dir, "harddrive.img");
        var chunk = new byte[MiB];
        var random = new Random(42);
        using (var f = File.Create(_payload))
            for (var i = 0; i < 256; i++) { random.NextBytes(chunk); f.Write(chunk); }
        var identity = new ImageIdentity("benchmark", 1_700_000_000);
        _layout = RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(512 * MiB, identity));
        _esp = FatVolume.Create(FatVolumeOptions.ForPartition(_layout.Partition(2), identity),
            new FatTreeBuilder().AddFile("EFI/BOOT/BOOTX64.EFI", new byte[64 * 1024]).Build());
    }

    // Each iteration starts from the same page-cache state: without this, one case pays for the previous case's
    // dirty pages being written back, and medians on this VM swing by 2x.
    [IterationSetup]
    public void StartClean()
    {
        File.Delete(_output);
        Run("sync");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);


    [Benchmark(Baseline = true, Description = "dd bs=1M conv=notrunc")]
    public void Dd()
    {
        using (var f = File.Create(_output)) f.SetLength(512 * MiB);
        // The REDOX partition starts at 2 MiB with the default 1 MiB ESP.
        Run("dd", $"if={_payload}", $"of={_output}", "bs=1M", "seek=2", "status=none", Fsync ? "conv=notrunc,fsync" : "conv=notrunc");
    }

    [Benchmark(Description = "DiskImageWriter (GPT + ESP + payload)")]
    public DiskImageLayout Writer() => DiskImageWriter.Write(new DiskImageRequest(_output, _layout)
    {
        Contents = [new FatPartitionContent(2, _esp), RawPartitionContent.FromFile(3, _payload)],
        FlushToDisk = Fsync,
    });

    private static void Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(); throw new TimeoutException($"{tool} took over 2 minutes"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} exited {p.ExitCode}");
    }
}
