using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Runners.BootTest;
using RedoxBuild.Runners.Qemu;
using RedoxBuild.Runners;

namespace RedoxBuild.Benchmarks.Runners;

/// <summary>
/// Launch to serial marker: the BootTest machinery (run directory, qemu-img overlay, OVMF vars copy, VmProcess
/// streaming into the BootWatcher, serial.log, JUnit, kill) against bare QEMU started by Process.Start on the
/// same fixture and command line (raw image instead of the overlay, vars copied the same way). The KVM verdict is
/// taken once in setup, as a build takes it once. TCG boots vary by hundreds of ms on a loaded 2-core machine, so
/// <see cref="HarnessOverheadBenchmarks"/> measures the harness alone against a child that prints at once.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*BootHarness*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 10)]
[MedianColumn, MinColumn, MaxColumn]
public class BootHarnessBenchmarks
{
    private static readonly VmResources Vm = VmResources.Defaults with { Cpus = 1, Memory = ByteSize.FromMiB(512), Runner = VmRunner.Qemu };
    private BenchFixture _fixture = null!;
    private string _image = "";
    private UefiFirmware _firmware = null!;
    private QemuLauncher _launcher = null!;
    private QemuAccelerator _accelerator;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new BenchFixture();
        _image = _fixture.WriteImage();
        _firmware = FirmwareLocator.FindOvmf() ?? throw new InvalidOperationException("OVMF is missing (apt-get install ovmf)");
        var selector = new AcceleratorSelector(_fixture.Session.Processes, _fixture.Session.Logger,
            new AcceleratorSelectorOptions(_fixture.Root / ".nuke" / "kvm-probe.json", _fixture.Root / "vm-runs", _firmware, DryRun: false));
        _accelerator = selector.SelectAsync(CancellationToken.None).GetAwaiter().GetResult().Accelerator;
        _launcher = new QemuLauncher(_fixture.Session.Processes, selector, _firmware);
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Baseline = true, Description = "bare qemu (Process.Start, scan stdout)")]
    public TimeSpan BareQemu()
    {
        var vars = Path.Combine(_fixture.Dir, "OVMF_VARS.fd");
        File.Copy(_firmware.VarsTemplate!, vars, overwrite: true);
        var options = new QemuLaunchOptions(new QemuDisk(_image, "raw"), new QemuFirmware(_firmware.Code, vars), Vm, _accelerator,
            QemuFrontEnd.BootTest.Display, QemuFrontEnd.BootTest.Network, QemuFrontEnd.BootTest.Serial, NoReboot: true);
        return BenchFixture.BareUntilMarker(QemuCommandLine.Program, QemuCommandLine.Arguments(options), _fixture.Dir);
    }

    // Splits the machinery's difference into what the copy-on-write overlay costs QEMU (qemu-img create plus reads
    // through qcow2) and what the harness itself costs.
    [Benchmark(Description = "bare qemu on a qcow2 overlay (qemu-img create, Process.Start)")]
    public TimeSpan BareQemuOnOverlay()
    {
        var vars = Path.Combine(_fixture.Dir, "OVMF_VARS.fd");
        File.Copy(_firmware.VarsTemplate!, vars, overwrite: true);
        var overlay = Path.Combine(_fixture.Dir, "overlay.qcow2");
        File.Delete(overlay);
        BenchFixture.Run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", _image, overlay);
        var options = new QemuLaunchOptions(new QemuDisk(overlay, "qcow2"), new QemuFirmware(_firmware.Code, vars), Vm, _accelerator,
            QemuFrontEnd.BootTest.Display, QemuFrontEnd.BootTest.Network, QemuFrontEnd.BootTest.Serial, NoReboot: true);
        return BenchFixture.BareUntilMarker(QemuCommandLine.Program, QemuCommandLine.Arguments(options), _fixture.Dir);
    }

    [Benchmark(Description = "BootTest machinery (overlay, VmProcess, BootWatcher)")]
    public async Task<BootVerdict> BootTestMachinery()
    {
        using var run = VmRunDirectory.Create(_fixture.Root / "vm-runs", "bench");
        var plan = await _launcher.PrepareAsync(new VmLaunchRequest(AbsolutePath.Create(_image), Vm, run.Path), CancellationToken.None);
        var options = new BootTestOptions("bench", BootExpectations.For([BenchFixture.Marker]), TimeSpan.FromMinutes(2), _fixture.Root / "boot-tests");
        var report = await new BootTestRunner(_fixture.Session.Logger).RunAsync(plan, options, CancellationToken.None);
        return report.Verdict.Passed ? report.Verdict : throw new InvalidOperationException(report.Verdict.Message);
    }
}

/// <summary>
/// The harness's own cost without a boot in the way: a child that prints the marker at once and then sleeps, read by
/// a bare Process loop versus BootTestRunner (VmProcess pipes, cleaning, watcher, serial.log, junit.xml, kill), plus
/// the per-boot preparation QemuLauncher adds before QEMU starts (run directory, qemu-img overlay, vars copy).
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*HarnessOverhead*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 30)]
[MedianColumn, MinColumn, MaxColumn]
public class HarnessOverheadBenchmarks
{
    private static readonly string[] ChildArguments = ["-c", $"printf '{BenchFixture.Marker}\\n'; exec sleep 60"];
    private BenchFixture _fixture = null!;
    private string _image = "";
    private QemuLauncher _launcher = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new BenchFixture();
        _image = Path.Combine(_fixture.Dir, "raw.img");
        using (var image = File.Create(_image)) image.SetLength(48L * 1024 * 1024);
        var firmware = FirmwareLocator.FindOvmf() ?? throw new InvalidOperationException("OVMF is missing (apt-get install ovmf)");
        // A device path that does not exist: TCG without a probe, so only preparation is measured.
        var selector = new AcceleratorSelector(_fixture.Session.Processes, _fixture.Session.Logger,
            new AcceleratorSelectorOptions(_fixture.Root / "kvm.json", _fixture.Root, firmware, DryRun: false) { KvmDevice = "/nonexistent" });
        _launcher = new QemuLauncher(_fixture.Session.Processes, selector, firmware);
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    [Benchmark(Baseline = true, Description = "bare child (Process.Start, scan stdout)")]
    public TimeSpan BareChild() => BenchFixture.BareUntilMarker("sh", ChildArguments, _fixture.Dir);

    [Benchmark(Description = "BootTestRunner on the same child")]
    public async Task<BootVerdict> Harness()
    {
        var plan = new VmLaunchPlan(Cli.Wrap("sh").WithArguments(ChildArguments).WithWorkingDirectory(_fixture.Dir), "none", IsAccelerated: false);
        var options = new BootTestOptions("child", BootExpectations.For([BenchFixture.Marker]), TimeSpan.FromMinutes(1), _fixture.Root / "boot-tests");
        var report = await new BootTestRunner(_fixture.Session.Logger).RunAsync(plan, options, CancellationToken.None);
        return report.Verdict.Passed ? report.Verdict : throw new InvalidOperationException(report.Verdict.Message);
    }

    [Benchmark(Description = "QemuLauncher.PrepareAsync (run dir, qemu-img overlay, vars copy)")]
    public async Task<VmLaunchPlan> Prepare()
    {
        using var run = VmRunDirectory.Create(_fixture.Root / "vm-runs", "bench");
        return await _launcher.PrepareAsync(new VmLaunchRequest(AbsolutePath.Create(_image), VmResources.Defaults, run.Path), CancellationToken.None);
    }
}
