using System.Globalization;
using System.Text;
using System.Xml;

namespace RedoxBuild.Runners.BootTest;

/// <summary>
/// JUnit XML for a boot test, the format CI systems show as test results: one testsuite of milestones (one testcase
/// each; time = that stage's duration, system-out = when and on which line it was seen) and one testsuite per guest
/// protocol (one testcase per FUNC_TEST line; time = since the previous result). What went wrong is a failure on the
/// testcase it concerns; a failed verdict no testcase explains (a crash after the last milestone) gets its own.
/// </summary>
public static class JUnitReport
{
    public static string Write(string name, BootVerdict verdict, IReadOnlyList<MilestoneResult> milestones, IReadOnlyList<TestSuiteResult> suites)
    {
        var unseen = milestones.Count(m => m.SeenAt is null);
        var verdictCase = !verdict.Passed && unseen == 0 && suites.All(s => s.Passed);
        var tests = milestones.Count + suites.Sum(s => s.Results.Count + (HasMarkerCase(s) ? 1 : 0)) + (verdictCase ? 1 : 0);
        var failures = unseen + suites.Sum(s => s.Failures + (HasMarkerCase(s) ? 1 : 0)) + (verdictCase ? 1 : 0);

        var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new UTF8Encoding(false) };
        using (var xml = XmlWriter.Create(buffer, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", Clean($"BootTest {name}"));
            xml.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("time", Seconds(verdict.At));

            WriteMilestones(xml, name, verdict, milestones, unseen);
            foreach (var suite in suites) WriteSuite(xml, name, suite);
            if (verdictCase) WriteVerdictCase(xml, name, verdict);

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>A suite that did not complete, or completed empty, gets a testcase for its COMPLETE marker carrying the reason.</summary>
    private static bool HasMarkerCase(TestSuiteResult suite) => !suite.Completed || suite.Results.Count == 0;

    private static void WriteMilestones(XmlWriter xml, string name, BootVerdict verdict, IReadOnlyList<MilestoneResult> milestones, int failures)
    {
        StartSuite(xml, "milestones", milestones.Count, failures, 0, milestones.Max(m => m.SeenAt) ?? TimeSpan.Zero);
        foreach (var milestone in milestones)
        {
            StartCase(xml, $"BootTest.{name}.milestones", milestone.Milestone.Name, StageDuration(milestone, milestones));
            if (milestone.SeenAt is { } at)
                xml.WriteElementString("system-out", Clean($"seen at {BootWatcher.Ms(at)}: {milestone.Line}"));
            else
                Failure(xml, verdict.Outcome.ToString(), $"not seen: {verdict.Message}");
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void WriteSuite(XmlWriter xml, string name, TestSuiteResult suite)
    {
        var markerCase = HasMarkerCase(suite);
        var time = (suite.CompletedAt ?? suite.Results.LastOrDefault()?.At ?? suite.StartedAt!.Value) - suite.StartedAt!.Value;
        StartSuite(xml, suite.Prefix, suite.Results.Count + (markerCase ? 1 : 0), suite.Failures + (markerCase ? 1 : 0), suite.Skipped, time);
        foreach (var result in suite.Results)
        {
            StartCase(xml, $"BootTest.{name}.{suite.Prefix}", result.Name, result.Duration);
            if (result.Status == GuestTestStatus.Fail) Failure(xml, "FAIL", result.Reason ?? "FAIL");
            else if (result.Status == GuestTestStatus.Skip)
            {
                xml.WriteStartElement("skipped");
                if (result.Reason is not null) xml.WriteAttributeString("message", Clean(result.Reason));
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        if (markerCase)
        {
            StartCase(xml, $"BootTest.{name}.{suite.Prefix}", $"{suite.Prefix}S_COMPLETE", TimeSpan.Zero);
            Failure(xml, "Incomplete", suite.Problem!);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void WriteVerdictCase(XmlWriter xml, string name, BootVerdict verdict)
    {
        StartSuite(xml, "verdict", 1, 1, 0, TimeSpan.Zero);
        StartCase(xml, $"BootTest.{name}.verdict", verdict.Outcome.ToString(), TimeSpan.Zero);
        Failure(xml, verdict.Outcome.ToString(), verdict.Message);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>From the previous milestone seen (in time, not list order) to this one; unseen milestones take none.</summary>
    private static TimeSpan StageDuration(MilestoneResult milestone, IReadOnlyList<MilestoneResult> all)
    {
        if (milestone.SeenAt is not { } at) return TimeSpan.Zero;
        var previous = all.Where(m => m.SeenAt < at).Select(m => m.SeenAt!.Value).DefaultIfEmpty(TimeSpan.Zero).Max();
        return at - previous;
    }

    private static void StartSuite(XmlWriter xml, string name, int tests, int failures, int skipped, TimeSpan time)
    {
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", Clean(name));
        xml.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", skipped.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", Seconds(time));
    }

    private static void StartCase(XmlWriter xml, string classname, string name, TimeSpan time)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", Clean(classname));
        xml.WriteAttributeString("name", Clean(name));
        xml.WriteAttributeString("time", Seconds(time));
    }

    private static void Failure(XmlWriter xml, string type, string message)
    {
        xml.WriteStartElement("failure");
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("message", Clean(message));
        xml.WriteEndElement();
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>Serial output can hold characters XML 1.0 forbids (lone surrogates, stray controls): replace them.</summary>
    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text, i++, 2);
                continue;
            }
            builder.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
        }
        return builder.ToString();
    }
}
