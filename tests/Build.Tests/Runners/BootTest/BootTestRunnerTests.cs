using System.Diagnostics;
using System.Text.RegularExpressions;
using RedoxBuild.Runners.BootTest;
using RedoxBuild.Tests.Support;
using static RedoxBuild.Tests.Runners.BootTest.BootFixtures;

namespace RedoxBuild.Tests.Runners.BootTest;

/// <summary>
/// Real boots: QEMU under TCG, Debian's OVMF, fixture apps on disks our writer made. Every wait is bounded by the
/// boot test's own timeout, and the runner kills every VM it starts (checked by process id).
/// </summary>
public class BootTestRunnerTests : IDisposable
{
    private readonly FixtureBoot _boot = new();

    public void Dispose() => _boot.Dispose();

    [RequiresToolsFact(QemuSystem, QemuImg, Ovmf, Gcc, GnuEfiCrt0)]
    public async Task A_boot_that_prints_every_milestone_passes_with_each_time_reported_and_its_VM_killed()
    {
        var report = await _boot.BootTestAsync(EfiScript.RedoxBoot());

        report.Verdict.Outcome.Should().Be(BootOutcome.Passed, report.Verdict.Message);
        var times = report.Milestones.Select(m => m.SeenAt!.Value).ToList();
        times.Should().BeInAscendingOrder().And.OnlyContain(t => t > TimeSpan.Zero);
        report.Milestones.Select(m => m.Line).Should().Equal("Redox OS Bootloader 1.0.0", "Redox OS starting...", "Redox OS Boot Complete!", "ion>");
        foreach (var milestone in report.Milestones)
            _boot.Session.Messages.Should().Contain(m => m.StartsWith($"Milestone {milestone.Milestone.Name} at {(long)milestone.SeenAt!.Value.TotalMilliseconds} ms: ", StringComparison.Ordinal));
        File.ReadAllText(report.SerialLog).Should().Contain("Redox OS Boot Complete!\r").And.EndWith("ion> ");
        File.Exists(report.JUnit).Should().BeTrue();
        _boot.Session.Messages.Should().Contain($"Serial log: {report.SerialLog}").And.Contain($"JUnit XML: {report.JUnit}");

        // The fixture hangs at its prompt forever: only the runner can have stopped it.
        IsRunning(_boot.VmProcessIds().Should().ContainSingle().Subject).Should().BeFalse();
    }

    [RequiresToolsFact(QemuSystem, QemuImg, Ovmf, Gcc, GnuEfiCrt0)]
    public async Task A_panic_fails_fast_naming_the_panic_line_and_its_message()
    {
        var script = new EfiScript().Say("Redox OS Bootloader").Say("thread 'main' panicked at src/main.rs:1:1:").Say("boom");

        var report = await _boot.BootTestAsync(script, timeout: TimeSpan.FromMinutes(10));

        // A crash verdict (rather than TimedOut after ten minutes) is the fast failure.
        report.Verdict.Outcome.Should().Be(BootOutcome.Crashed);
        // The message line normally joins it; on a starved VM it may come after the one-second grace.
        report.Verdict.Message.Should().MatchRegex(@"^Rust panic at \d+ ms: thread 'main' panicked at src/main.rs:1:1:( / boom)?$");
        report.Milestones[0].SeenAt.Should().NotBeNull();
    }

    [RequiresToolsFact(QemuSystem, QemuImg, Ovmf, Gcc, GnuEfiCrt0)]
    public async Task A_silent_boot_times_out_listing_every_missing_milestone()
    {
        var report = await _boot.BootTestAsync(new EfiScript(), timeout: TimeSpan.FromSeconds(8));

        report.Verdict.Outcome.Should().Be(BootOutcome.TimedOut);
        report.Verdict.Message.Should().Be("Timed out after 8 s. Missing milestones: 'Redox OS Bootloader', 'Redox OS starting', " +
                                           "'Boot Complete', 'shell or login prompt'; seen: none.");
    }

    [RequiresToolsFact(QemuSystem, QemuImg, Ovmf, Gcc, GnuEfiCrt0)]
    public async Task A_guest_that_powers_off_early_fails_as_a_VM_exit()
    {
        var report = await _boot.BootTestAsync(new EfiScript().Say("Redox OS Bootloader").PowerOff());

        report.Verdict.Outcome.Should().Be(BootOutcome.VmExited);
        report.Verdict.Message.Should().MatchRegex(@"^The VM exited with code 0 at \d+ ms, before the boot completed .* Missing milestones: 'Redox OS starting'");
    }

    [RequiresToolsFact(QemuSystem, QemuImg, Ovmf, Gcc, GnuEfiCrt0)]
    public async Task A_FUNC_TEST_suite_without_failures_passes()
    {
        var script = EfiScript.RedoxBoot().Say("").Say("FUNC_TESTS_START").Say("FUNC_TEST:shell-echo:PASS").Sleep(100)
            .Say("FUNC_TEST:timed-wait:SKIP").Say("FUNC_TESTS_COMPLETE");

        var report = await _boot.BootTestAsync(script, BootExpectations.For(["Redox OS Bootloader", "FUNC_TESTS_COMPLETE"]));

        report.Verdict.Outcome.Should().Be(BootOutcome.Passed, report.Verdict.Message);
        report.Suites.Single().Results.Select(r => (r.Name, r.Status)).Should().Equal(("shell-echo", GuestTestStatus.Pass), ("timed-wait", GuestTestStatus.Skip));
    }

    [RequiresToolsFact(QemuSystem, QemuImg, Ovmf, Gcc, GnuEfiCrt0)]
    public async Task A_FUNC_TEST_failure_fails_the_boot_and_the_JUnit_XML_is_exactly_as_expected()
    {
        var script = new EfiScript().Say("Redox OS Bootloader").Sleep(100).Say("Redox OS starting").Say("Redox OS Boot Complete!")
            .Say("FUNC_TESTS_START").Say("FUNC_TEST:shell-echo:PASS").Sleep(50).Say("FUNC_TEST:fs-mv:FAIL:expected /tmp/b: got <nothing> & \"more\"")
            .Say("FUNC_TEST:timed-wait:SKIP:poll is broken").Say("FUNC_TESTS_COMPLETE");

        var report = await _boot.BootTestAsync(script);

        report.Verdict.Outcome.Should().Be(BootOutcome.TestsFailed);
        report.Verdict.Message.Should().Be("1 of 3 FUNC_TEST tests failed: fs-mv (expected /tmp/b: got <nothing> & \"more\")");
        var xml = File.ReadAllText(report.JUnit);
        // Times differ run to run; everything else is fixed.
        xml = Regex.Replace(xml, "time=\"[0-9.]+\"", "time=\"T\"");
        xml = Regex.Replace(xml, @"\d+ ms", "N ms");
        Golden.AssertMatches("tests/Build.Tests/Golden/Runners/boot-test-func-junit.xml", xml);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
