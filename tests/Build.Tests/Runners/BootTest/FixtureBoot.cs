using RedoxBuild.Engine;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Runners.BootTest;
using RedoxBuild.Runners.Qemu;
using RedoxBuild.Runners;

namespace RedoxBuild.Tests.Runners.BootTest;

/// <summary>
/// Boots fixture images through the real machinery (QemuLauncher, BootTestRunner) under TCG with Debian's OVMF, in a
/// temporary root. Small VMs (1 vCPU, 512M) keep parallel test classes from starving each other on two cores.
/// </summary>
public sealed class FixtureBoot : IDisposable
{
    public static readonly VmResources SmallVm = VmResources.Defaults with { Cpus = 1, Memory = ByteSize.FromMiB(512), Runner = VmRunner.Qemu };

    public ScratchDir Dir { get; } = new();
    public RunnerSession Session { get; } = new();

    public QemuLauncher Launcher()
    {
        var firmware = RunnerSession.DebianOvmf;
        return new QemuLauncher(Session.Processes, Session.Selector(firmware), firmware);
    }

    /// <summary>Builds the image for <paramref name="script"/> and runs a boot test on it; the VM is dead when this returns.</summary>
    public async Task<BootTestReport> BootTestAsync(EfiScript script, BootExpectations? expectations = null, TimeSpan? timeout = null)
    {
        var image = BootFixtures.WriteImage(Dir, script);
        using var run = VmRunDirectory.Create(Session.Work / "vm-runs", "test");
        var plan = await Launcher().PrepareAsync(new VmLaunchRequest(AbsolutePath.Create(image), SmallVm, run.Path), CancellationToken.None);
        var options = new BootTestOptions("fixture", expectations ?? BootExpectations.Default, timeout ?? TimeSpan.FromSeconds(240), Session.Work / "boot-tests" / "fixture");
        return await new BootTestRunner(Session.Logger).RunAsync(plan, options, CancellationToken.None);
    }

    /// <summary>The VM process ids the runner logged ("VM process N started").</summary>
    public IReadOnlyList<int> VmProcessIds() => Session.Messages
        .Where(m => m.StartsWith("VM process ", StringComparison.Ordinal))
        .Select(m => int.Parse(m.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture))
        .ToList();

    public void Dispose()
    {
        Session.Dispose();
        Dir.Dispose();
    }
}
