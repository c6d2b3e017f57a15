using RedoxBuild.Runners.BootTest;

namespace RedoxBuild.Tests.Runners.BootTest;

/// <summary>The FUNC_TEST protocol of nix-redox §4, through the watcher that runs it during a boot.</summary>
public class GuestTestProtocolTests
{
    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>Booted up to the suite; the prompt, the last milestone, comes after it (as in a functional-test image).</summary>
    private static BootWatcher Booted()
    {
        var watcher = new BootWatcher(BootExpectations.For(["Boot Complete", "ion>"]));
        watcher.OnSerial("Boot Complete\r\n", Ms(100));
        return watcher;
    }

    [Fact]
    public void Results_are_parsed_with_reasons_that_may_contain_colons()
    {
        var suite = new GuestTestSuite("FUNC_TEST");
        suite.OnLine("FUNC_TESTS_START", Ms(0));

        suite.OnLine("FUNC_TEST:shell-echo:PASS", Ms(10));
        suite.OnLine("FUNC_TEST:fs-mv:FAIL:expected /tmp/b: got nothing ", Ms(25));
        suite.OnLine("FUNC_TEST:timed-wait:SKIP", Ms(30));

        suite.Snapshot().Results.Should().Equal(
            new GuestTestResult("shell-echo", GuestTestStatus.Pass, null, Ms(10), Ms(10)),
            new GuestTestResult("fs-mv", GuestTestStatus.Fail, "expected /tmp/b: got nothing", Ms(25), Ms(15)),
            new GuestTestResult("timed-wait", GuestTestStatus.Skip, null, Ms(30), Ms(5)));
    }

    [Fact]
    public void Lines_outside_the_markers_and_unanchored_lines_do_not_count()
    {
        var suite = new GuestTestSuite("FUNC_TEST");

        suite.OnLine("FUNC_TEST:early:PASS", Ms(1));
        suite.OnLine("FUNC_TESTS_START", Ms(2));
        suite.OnLine("echo FUNC_TEST:quoted:PASS", Ms(3));
        suite.OnLine("FUNC_TEST:real:PASS", Ms(4));
        suite.OnLine("FUNC_TESTS_COMPLETE", Ms(5));
        suite.OnLine("FUNC_TEST:late:FAIL", Ms(6));

        suite.Snapshot().Results.Select(r => r.Name).Should().Equal("real");
        suite.Snapshot().Passed.Should().BeTrue();
    }

    [Fact]
    public void A_malformed_result_is_reported_and_not_counted()
    {
        var suite = new GuestTestSuite("FUNC_TEST");
        suite.OnLine("FUNC_TESTS_START", Ms(0));

        suite.OnLine("FUNC_TEST:name-only", Ms(1)).Kind.Should().Be(SuiteLineKind.Malformed);
        suite.OnLine("FUNC_TEST:x:MAYBE", Ms(2)).Kind.Should().Be(SuiteLineKind.Malformed);
        suite.OnLine("FUNC_TEST::PASS", Ms(3)).Kind.Should().Be(SuiteLineKind.Malformed);

        suite.Snapshot().Results.Should().BeEmpty();
    }

    [Fact]
    public void A_completed_suite_with_no_failures_passes_the_boot()
    {
        var watcher = Booted();

        watcher.OnSerial("FUNC_TESTS_START\nFUNC_TEST:a:PASS\nFUNC_TEST:b:SKIP\nion> ", Ms(200));
        watcher.Verdict.Should().BeNull("a started suite must complete before the boot test passes");
        watcher.OnSerial("\nFUNC_TESTS_COMPLETE\n", Ms(300));

        watcher.Verdict!.Outcome.Should().Be(BootOutcome.Passed);
        watcher.Verdict.Message.Should().Be("All 2 milestones seen by 300 ms; 2 guest tests, 1 skipped, none failed.");
    }

    [Fact]
    public void Failures_fail_the_boot_when_the_suite_completes_not_before()
    {
        var watcher = Booted();

        watcher.OnSerial("FUNC_TESTS_START\nFUNC_TEST:a:FAIL:exit 1\nFUNC_TEST:b:PASS\n", Ms(200));
        watcher.Verdict.Should().BeNull("every result is collected before judging");
        watcher.OnSerial("FUNC_TESTS_COMPLETE\n", Ms(300));

        watcher.Verdict!.Outcome.Should().Be(BootOutcome.TestsFailed);
        watcher.Verdict.Message.Should().Be("1 of 2 FUNC_TEST tests failed: a (exit 1)");
    }

    [Fact]
    public void A_suite_that_completes_empty_fails()
    {
        var watcher = Booted();

        watcher.OnSerial("FUNC_TESTS_START\nFUNC_TESTS_COMPLETE\n", Ms(200));

        watcher.Verdict!.Message.Should().Be("FUNC_TESTS_COMPLETE came without a single FUNC_TEST: result");
    }

    [Fact]
    public void A_suite_that_never_completes_is_named_in_the_timeout()
    {
        var watcher = Booted();
        watcher.OnSerial("FUNC_TESTS_START\nFUNC_TEST:a:PASS\n", Ms(200));

        watcher.OnTimeout(TimeSpan.FromSeconds(120), Ms(120_000));

        watcher.Verdict!.Message.Should().Be("Timed out after 120 s. Missing milestones: 'ion>'; seen: 'Boot Complete' at 100 ms. " +
                                            "FUNC_TESTS_COMPLETE was never printed (1 result before the output stopped).");
    }

    [Fact]
    public void NET_TEST_suites_follow_the_same_rules()
    {
        var watcher = Booted();

        watcher.OnSerial("NET_TESTS_START\nNET_TEST:dhcp-wait:PASS\nNET_TESTS_COMPLETE\nion> ", Ms(200));

        watcher.Verdict!.Outcome.Should().Be(BootOutcome.Passed);
        watcher.Suites.Single().Prefix.Should().Be("NET_TEST");
    }

    [Fact]
    public void A_suite_starting_after_the_last_milestone_is_only_waited_for_when_its_marker_is_expected()
    {
        var plain = new BootWatcher(BootExpectations.For(["ion>"]));
        plain.OnSerial("ion> ", Ms(1));
        plain.Verdict!.Outcome.Should().Be(BootOutcome.Passed, "nothing announced a suite before the last milestone");

        var waiting = new BootWatcher(BootExpectations.For(["ion>", "FUNC_TESTS_COMPLETE"]));
        waiting.OnSerial("ion> \nFUNC_TESTS_START\nFUNC_TEST:a:FAIL\n", Ms(1));
        waiting.Verdict.Should().BeNull();
        waiting.OnSerial("FUNC_TESTS_COMPLETE\n", Ms(2));
        waiting.Verdict!.Outcome.Should().Be(BootOutcome.TestsFailed);
    }
}
