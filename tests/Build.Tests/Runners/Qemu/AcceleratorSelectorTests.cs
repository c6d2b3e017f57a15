using RedoxBuild.Runners.Qemu;
using RedoxBuild.Tests.Runners.BootTest;
using RedoxBuild.Tests.Support;
using static RedoxBuild.Tests.Runners.BootTest.BootFixtures;

namespace RedoxBuild.Tests.Runners.Qemu;

/// <summary>
/// The KVM probe against this machine's real /dev/kvm. Here it is backed by kvm_pvm, which cannot run OVMF, so the
/// answer must be TCG (machine.md §1); on a host whose CPU has VMX/SVM either answer is legitimate.
/// </summary>
public class AcceleratorSelectorTests : IDisposable
{
    private readonly RunnerSession _session = new();

    public void Dispose() => _session.Dispose();

    private static bool HostHasHardwareVirtualisation =>
        File.Exists("/proc/cpuinfo") && File.ReadAllText("/proc/cpuinfo").Split(' ', '\t', '\n').Any(f => f is "vmx" or "svm");

    private int AccelerationLines => _session.Messages.Count(m => m.StartsWith("Acceleration: ", StringComparison.Ordinal));

    [RequiresToolsFact(QemuSystem, Ovmf, "/dev/kvm")]
    public async Task The_probe_says_TCG_here_once_and_later_selectors_reuse_the_cached_verdict()
    {
        var selector = _session.Selector(RunnerSession.DebianOvmf);

        var first = await selector.SelectAsync(CancellationToken.None);
        var again = await selector.SelectAsync(CancellationToken.None);

        again.Should().BeSameAs(first);
        AccelerationLines.Should().Be(1, "the verdict is said once per build");
        if (!HostHasHardwareVirtualisation)
        {
            first.Accelerator.Should().Be(QemuAccelerator.Tcg);
            first.Reason.Should().MatchRegex("MSR|KVM internal error");
        }
        var cache = File.ReadAllText(_session.RootPath / ".nuke" / "temp" / "kvm-probe.json");
        cache.Should().Contain(File.ReadAllText("/proc/sys/kernel/osrelease").Trim()).And.Contain("QEMU emulator version");

        var second = await _session.Selector(RunnerSession.DebianOvmf).SelectAsync(CancellationToken.None);
        second.Accelerator.Should().Be(first.Accelerator);
        second.Reason.Should().Be($"{first.Reason}; cached in kvm-probe.json");
        _session.Messages.Count(m => m.StartsWith("Probing KVM", StringComparison.Ordinal)).Should().Be(1, "the cache spared the second probe");
    }

    [RequiresToolsFact(QemuSystem, Ovmf, "/dev/kvm")]
    public async Task A_cached_verdict_for_another_kernel_or_QEMU_is_not_trusted()
    {
        var cache = _session.RootPath / ".nuke" / "temp" / "kvm-probe.json";
        Directory.CreateDirectory(cache.Parent!);
        File.WriteAllText(cache, """{ "Key": "kernel 1.0 | QEMU emulator version 1.0 | x", "Accelerator": "Kvm", "Reason": "stale" }""");

        var verdict = await _session.Selector(RunnerSession.DebianOvmf).SelectAsync(CancellationToken.None);

        verdict.Reason.Should().NotContain("stale");
        _session.Messages.Should().Contain(m => m.StartsWith("Probing KVM", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_KVM_device_it_is_TCG_and_nothing_runs()
    {
        var options = new AcceleratorSelectorOptions(_session.RootPath / "kvm.json", _session.Work, new RedoxBuild.Runners.UefiFirmware("/x/CODE.fd", null), DryRun: false)
        {
            KvmDevice = "/nonexistent/kvm",
        };

        var verdict = await new AcceleratorSelector(_session.Processes, _session.Logger, options).SelectAsync(CancellationToken.None);

        verdict.Should().Be(new AccelerationVerdict(QemuAccelerator.Tcg, "no /nonexistent/kvm"));
        _session.Messages.Should().Equal("Acceleration: TCG, software emulation (no /nonexistent/kvm)");
    }

    [RequiresToolsFact("/dev/kvm", Ovmf)]
    public async Task A_dry_run_boots_nothing_not_even_the_probe()
    {
        using var dry = new RunnerSession(dryRun: true);

        var verdict = await dry.Selector(RunnerSession.DebianOvmf).SelectAsync(CancellationToken.None);

        verdict.Reason.Should().Be("dry run: KVM not probed");
        dry.Processes.Planned.Should().BeEmpty();
    }
}
