using RedoxBuild.Runners.BootTest;

namespace RedoxBuild.Tests.Runners.BootTest;

/// <summary>The verdict logic on its own: fed text at chosen times, no VM.</summary>
public class BootWatcherTests
{
    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    private static BootWatcher Watcher(params string[] expect) => new(BootExpectations.For(expect));

    [Fact]
    public void Each_default_milestone_is_timed_when_it_appears_and_the_prompt_needs_no_newline()
    {
        var watcher = Watcher();

        watcher.OnSerial("Redox OS Bootloader 1.0\r\n", Ms(310));
        watcher.OnSerial("Redox OS starting...\r\nlots of init\r\nRedox OS Boot Complete!\r\n", Ms(420));
        watcher.OnSerial("\u001b[1mion\u001b[0m", Ms(500));
        watcher.Verdict.Should().BeNull("'ion' alone is not the prompt");
        var events = watcher.OnSerial("> ", Ms(530));

        watcher.Milestones.Select(m => (m.Milestone.Name, (int?)m.SeenAt?.TotalMilliseconds)).Should().Equal(
            ("Redox OS Bootloader", 310), ("Redox OS starting", 420), ("Boot Complete", 420), ("shell or login prompt", 530));
        watcher.Verdict!.Outcome.Should().Be(BootOutcome.Passed);
        watcher.Decided.IsCompletedSuccessfully.Should().BeTrue();
        events.OfType<MilestoneEvent>().Single().Line.Should().Be("ion>");
    }

    [Fact]
    public void Any_of_the_shell_markers_completes_the_boot()
    {
        foreach (var prompt in new[] { "redox login: ", "Welcome to Redox OS!\n" })
        {
            var watcher = Watcher();
            watcher.OnSerial($"Redox OS Bootloader\nRedox OS starting\nBoot Complete\n{prompt}", Ms(1));
            watcher.Verdict?.Outcome.Should().Be(BootOutcome.Passed, prompt);
        }
    }

    [Fact]
    public void Expect_replaces_the_defaults_in_its_order()
    {
        var watcher = Watcher("MARKER-A", "MARKER-B");

        watcher.OnSerial("Redox OS Bootloader\nMARKER-A\nMARKER-B\n", Ms(7));

        watcher.Milestones.Select(m => m.Milestone.Name).Should().Equal("MARKER-A", "MARKER-B");
        watcher.Verdict!.Outcome.Should().Be(BootOutcome.Passed);
    }

    [Fact]
    public void A_kernel_panic_fails_at_once_naming_its_line()
    {
        var watcher = Watcher();

        watcher.OnSerial("Redox OS Bootloader\nRedox OS starting\nKERNEL PANIC: panicked at src/arch/x86_64/start.rs:12:5:\n", Ms(900));

        watcher.Verdict!.Outcome.Should().Be(BootOutcome.Crashed);
        watcher.Verdict.Message.Should().Be("kernel panic at 900 ms: KERNEL PANIC: panicked at src/arch/x86_64/start.rs:12:5:");
    }

    [Fact]
    public void A_userspace_panic_is_decided_with_its_message_line()
    {
        var watcher = Watcher();

        watcher.OnSerial("thread 'main' panicked at src/main.rs:10:5:\n", Ms(1000));
        watcher.Verdict.Should().BeNull("the message line decides whether this is known noise");
        watcher.OnSerial("initfs: failed to mount\n", Ms(1001));

        watcher.Verdict!.Message.Should().Be("Rust panic at 1000 ms: thread 'main' panicked at src/main.rs:10:5: / initfs: failed to mount");
    }

    [Fact]
    public void The_headless_ps2d_panic_is_known_noise_not_a_crash()
    {
        var watcher = Watcher();

        var events = watcher.OnSerial("thread 'main' panicked at src/main.rs:60:10:\nps2d: failed to open /scheme/serio/0: No such device (os error 19)\n", Ms(5));
        watcher.OnSerial("Redox OS Bootloader\nRedox OS starting\nBoot Complete\nion> ", Ms(6));

        events.OfType<NoiseEvent>().Single().Token.Should().Be("ps2d");
        watcher.Verdict!.Outcome.Should().Be(BootOutcome.Passed);
    }

    [Fact]
    public void A_panic_whose_next_line_never_comes_is_judged_alone()
    {
        var watcher = Watcher();
        var pending = watcher.OnSerial("thread 'main' panicked at 'boom'\n", Ms(5)).OfType<PendingCrashEvent>().Single();

        watcher.ResolvePendingCrash(pending.Token, Ms(305));

        watcher.Verdict!.Message.Should().Be("Rust panic at 5 ms: thread 'main' panicked at 'boom'");
    }

    [Theory]
    [InlineData("Page fault: 0000000000000008 PageFaultError { P: false }", "page fault")]
    [InlineData("!!!! X64 Exception Type - 0E(#PF - Page-Fault)  CPU Apic ID - 00000000 !!!!", "firmware CPU exception")]
    [InlineData("Double fault", "double fault")]
    public void Fault_lines_are_crashes(string line, string rule)
    {
        var watcher = Watcher();

        watcher.OnSerial(line + "\r\n", Ms(3));

        watcher.Verdict!.Message.Should().StartWith($"{rule} at 3 ms: {line}");
    }

    [Fact]
    public void KVM_internal_error_on_the_VMM_output_is_a_crash()
    {
        var watcher = Watcher();

        watcher.OnVmmLine("KVM internal error. Suberror: 1", Ms(40));

        watcher.Verdict!.Message.Should().Be("KVM internal error (VMM) at 40 ms: KVM internal error. Suberror: 1");
    }

    [Fact]
    public void A_timeout_lists_the_missing_milestones_and_the_seen_ones_with_times()
    {
        var watcher = Watcher();
        watcher.OnSerial("Redox OS Bootloader\n", Ms(310));

        watcher.OnTimeout(TimeSpan.FromSeconds(90), Ms(90_000));

        watcher.Verdict!.Outcome.Should().Be(BootOutcome.TimedOut);
        watcher.Verdict.Message.Should().Be("Timed out after 90 s. Missing milestones: 'Redox OS starting', 'Boot Complete', 'shell or login prompt'; " +
                                            "seen: 'Redox OS Bootloader' at 310 ms.");
    }

    [Fact]
    public void A_VM_exit_before_completion_fails_but_its_last_unfinished_line_still_counts()
    {
        var finished = Watcher("DONE");
        finished.OnSerial("DONE", Ms(10));
        finished.OnVmExit(0, Ms(11));
        finished.Verdict!.Outcome.Should().Be(BootOutcome.Passed);

        var early = Watcher();
        early.OnSerial("Redox OS Bootloader\n", Ms(10));
        early.OnVmExit(0, Ms(12));
        early.Verdict!.Outcome.Should().Be(BootOutcome.VmExited);
        early.Verdict.Message.Should().StartWith("The VM exited with code 0 at 12 ms, before the boot completed");
    }

    [Fact]
    public void Only_the_first_verdict_counts()
    {
        var watcher = Watcher("A");
        watcher.OnSerial("A\n", Ms(1));

        watcher.OnSerial("KERNEL PANIC: late\n", Ms(2));
        watcher.OnTimeout(TimeSpan.FromSeconds(1), Ms(3));

        watcher.Verdict!.Outcome.Should().Be(BootOutcome.Passed);
    }

    [Fact]
    public void The_tail_keeps_the_last_cleaned_lines()
    {
        var watcher = Watcher();
        for (var i = 0; i < 100; i++) watcher.OnSerial($"line {i}\r\n", Ms(i));

        watcher.Tail.Should().HaveCount(40).And.StartWith("line 60").And.EndWith("line 99");
    }

    [Fact]
    public void A_milestone_seen_in_half_a_line_keeps_its_time_and_reports_the_whole_line()
    {
        var watcher = Watcher();

        watcher.OnSerial("Redox OS Boot", Ms(10));
        watcher.OnSerial("loader 1.0", Ms(11));
        watcher.OnSerial(".0\r\n", Ms(12));

        watcher.Milestones[0].Should().Be(new MilestoneResult(watcher.Milestones[0].Milestone, Ms(11), "Redox OS Bootloader 1.0.0"));
    }
}
