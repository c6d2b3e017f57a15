using System.Xml.Linq;
using RedoxBuild.Runners.BootTest;

namespace RedoxBuild.Tests.Runners.BootTest;

/// <summary>The JUnit XML shapes the boot golden file does not reach: crashes after the last milestone, suites cut short, bad characters.</summary>
public class JUnitReportTests
{
    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);
    private static readonly BootMilestone A = BootMilestone.Literal("A");
    private static readonly BootMilestone B = BootMilestone.Literal("B");

    [Fact]
    public void Stage_times_run_from_the_previous_milestone_and_counts_add_up()
    {
        var verdict = new BootVerdict(BootOutcome.Passed, "ok", Ms(900));

        var xml = XDocument.Parse(JUnitReport.Write("t", verdict, [new(A, Ms(300), "A"), new(B, Ms(900), "B!")], []));

        var root = xml.Root!;
        (root.Attribute("tests")!.Value, root.Attribute("failures")!.Value, root.Attribute("time")!.Value).Should().Be(("2", "0", "0.900"));
        root.Descendants("testcase").Select(c => (c.Attribute("name")!.Value, c.Attribute("time")!.Value, c.Element("system-out")!.Value))
            .Should().Equal(("A", "0.300", "seen at 300 ms: A"), ("B", "0.600", "seen at 900 ms: B!"));
    }

    [Fact]
    public void A_crash_after_every_milestone_gets_its_own_failing_testcase()
    {
        var verdict = new BootVerdict(BootOutcome.Crashed, "kernel panic at 950 ms: KERNEL PANIC: oops", Ms(950));

        var xml = XDocument.Parse(JUnitReport.Write("t", verdict, [new(A, Ms(300), "A")], []));

        var failing = xml.Descendants("testcase").Single(c => c.Element("failure") is not null);
        failing.Attribute("classname")!.Value.Should().Be("BootTest.t.verdict");
        failing.Element("failure")!.Attribute("message")!.Value.Should().Be("kernel panic at 950 ms: KERNEL PANIC: oops");
        xml.Root!.Attribute("failures")!.Value.Should().Be("1");
    }

    [Fact]
    public void A_suite_cut_short_reports_its_missing_COMPLETE_marker()
    {
        var suite = new TestSuiteResult("FUNC_TEST", Ms(100), null, [new GuestTestResult("a", GuestTestStatus.Pass, null, Ms(150), Ms(50))]);
        var verdict = new BootVerdict(BootOutcome.TimedOut, "Timed out", Ms(5000));

        var xml = XDocument.Parse(JUnitReport.Write("t", verdict, [new(A, Ms(50), "A")], [suite]));

        var func = xml.Descendants("testsuite").Single(s => s.Attribute("name")!.Value == "FUNC_TEST");
        (func.Attribute("tests")!.Value, func.Attribute("failures")!.Value).Should().Be(("2", "1"));
        func.Elements("testcase").Last().Attribute("name")!.Value.Should().Be("FUNC_TESTS_COMPLETE");
        func.Elements("testcase").Last().Element("failure")!.Attribute("message")!.Value
            .Should().Be("FUNC_TESTS_COMPLETE was never printed (1 result before the output stopped)");
        xml.Descendants("testsuite").Should().HaveCount(2, "the suite failure already explains the verdict");
    }

    [Fact]
    public void Characters_XML_forbids_are_replaced_so_the_file_still_parses()
    {
        var verdict = new BootVerdict(BootOutcome.Passed, "ok", Ms(1));

        var text = JUnitReport.Write("t", verdict, [new(A, Ms(1), "bad \uD800 and \uFFFE, good 😀")], []);

        XDocument.Parse(text).Descendants("system-out").Single().Value.Should().Be("seen at 1 ms: bad \uFFFD and \uFFFD, good 😀");
    }
}
