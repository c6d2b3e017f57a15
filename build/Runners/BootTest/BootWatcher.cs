using System.Text;

namespace RedoxBuild.Runners.BootTest;

/// <summary>
/// Follows a boot as its serial output arrives and decides the verdict at the earliest moment it is known: passed
/// when every milestone was seen (and a started test suite completed cleanly), crashed as soon as a crash line
/// appears, failed when a suite completes with failures; the runner reports VM exits and the timeout. Times are
/// since launch. Thread-safe: serial output and the VMM's error output arrive on different threads.
/// </summary>
public sealed class BootWatcher
{
    private const int MaxLineLength = 16 * 1024; // a line without \n this long is flushed so memory stays bounded
    private const int TailLength = 40;

    private readonly Lock _lock = new();
    private readonly BootExpectations _expectations;
    private readonly SerialTextCleaner _cleaner = new();
    private readonly StringBuilder _line = new();
    private readonly Queue<string> _tail = new();
    private readonly MilestoneResult[] _milestones;
    private readonly List<GuestTestSuite> _suites;
    private readonly TaskCompletionSource<BootVerdict> _decided = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<int> _matchedInUnfinishedLine = [];
    private (CrashRule Rule, string Line, TimeSpan At, long Token)? _pending;
    private long _nextToken;

    public BootWatcher(BootExpectations expectations)
    {
        _expectations = expectations;
        _milestones = expectations.Milestones.Select(m => new MilestoneResult(m, null, null)).ToArray();
        _suites = expectations.SuitePrefixes.Select(p => new GuestTestSuite(p)).ToList();
    }

    /// <summary>Completes with the verdict as soon as one is known.</summary>
    public Task<BootVerdict> Decided => _decided.Task;

    public BootVerdict? Verdict { get; private set; }

    public IReadOnlyList<MilestoneResult> Milestones
    {
        get { lock (_lock) return _milestones.ToList(); }
    }

    /// <summary>The suites whose start marker was seen.</summary>
    public IReadOnlyList<TestSuiteResult> Suites
    {
        get { lock (_lock) return _suites.Select(s => s.Snapshot()).Where(s => s.Started).ToList(); }
    }

    /// <summary>The last cleaned serial lines, for failure messages.</summary>
    public IReadOnlyList<string> Tail
    {
        get { lock (_lock) return _tail.ToList(); }
    }

    /// <summary>Feeds serial text as it arrives (raw: escapes and \r are cleaned here).</summary>
    public IReadOnlyList<BootEvent> OnSerial(ReadOnlySpan<char> text, TimeSpan at)
    {
        var events = new List<BootEvent>();
        lock (_lock)
        {
            foreach (var c in _cleaner.Clean(text))
            {
                if (c == '\n') CompleteLine(at, events);
                else if (_line.Append(c).Length >= MaxLineLength) CompleteLine(at, events);
            }
            // Prompts (ion>, login:) end without a newline: look for milestones in the unfinished line too.
            if (_line.Length > 0) MatchMilestones(_line.ToString(), at, events, unfinished: true);
            Evaluate(at, events);
        }
        return events;
    }

    /// <summary>Feeds one line of the VMM's own output (stderr), where KVM reports its failures.</summary>
    public IReadOnlyList<BootEvent> OnVmmLine(string line, TimeSpan at)
    {
        var events = new List<BootEvent>();
        lock (_lock)
        {
            var rule = _expectations.CrashRules.FirstOrDefault(r => r.Source == CrashSource.Vmm && r.Matches(line));
            if (rule is not null) Decide(new BootVerdict(BootOutcome.Crashed, $"{rule.Name} (VMM) at {Ms(at)}: {line.Trim()}", at), events);
        }
        return events;
    }

    /// <summary>A crash candidate whose next line never came: judge it on its own line.</summary>
    public IReadOnlyList<BootEvent> ResolvePendingCrash(long token, TimeSpan at)
    {
        var events = new List<BootEvent>();
        lock (_lock)
        {
            if (_pending?.Token == token) ResolvePending(null, events);
            Evaluate(at, events);
        }
        return events;
    }

    /// <summary>The VM process ended; anything not decided by then failed.</summary>
    public IReadOnlyList<BootEvent> OnVmExit(int? exitCode, TimeSpan at)
    {
        var events = new List<BootEvent>();
        lock (_lock)
        {
            Flush(at, events);
            Decide(new BootVerdict(BootOutcome.VmExited,
                $"The VM exited{(exitCode is { } code ? $" with code {code}" : "")} at {Ms(at)}, before the boot completed (the guest powered off or reset, or the VMM failed: see vmm.log). {Progress()}", at), events);
        }
        return events;
    }

    /// <summary>The time limit passed.</summary>
    public IReadOnlyList<BootEvent> OnTimeout(TimeSpan limit, TimeSpan at)
    {
        var events = new List<BootEvent>();
        lock (_lock)
        {
            Flush(at, events);
            Decide(new BootVerdict(BootOutcome.TimedOut, $"Timed out after {limit.TotalSeconds:0.#} s. {Progress()}", at), events);
        }
        return events;
    }

    private void CompleteLine(TimeSpan at, List<BootEvent> events)
    {
        var line = _line.ToString();
        _line.Clear();
        events.Add(new SerialLineEvent(line, at));
        _tail.Enqueue(line);
        if (_tail.Count > TailLength) _tail.Dequeue();

        if (_pending is not null) ResolvePending(line, events);
        // A milestone seen in the unfinished line keeps that time, but the report shows the whole line.
        foreach (var i in _matchedInUnfinishedLine) _milestones[i] = _milestones[i] with { Line = line.Trim() };
        _matchedInUnfinishedLine.Clear();
        MatchMilestones(line, at, events);
        foreach (var suite in _suites)
        {
            var (kind, result) = suite.OnLine(line, at);
            if (kind is SuiteLineKind.Started or SuiteLineKind.Completed) events.Add(new SuiteMarkerEvent(suite.Prefix, kind, at));
            else if (kind == SuiteLineKind.Malformed) events.Add(new MalformedTestLineEvent(suite.Prefix, line, at));
            if (result is not null) events.Add(new GuestTestEvent(suite.Prefix, result));
        }

        var rule = _expectations.CrashRules.FirstOrDefault(r => r.Source == CrashSource.Serial && r.Matches(line));
        if (rule is null || Verdict is not null) return;
        if (!rule.NeedsNextLine)
        {
            Decide(Crash(rule, line, at), events);
            return;
        }
        // A Rust panic names its message on the next line: wait for it before calling it noise or a crash.
        _pending = (rule, line, at, ++_nextToken);
        events.Add(new PendingCrashEvent(_nextToken, at));
    }

    private void ResolvePending(string? nextLine, List<BootEvent> events)
    {
        var (rule, line, at, _) = _pending!.Value;
        _pending = null;
        if (rule.HarmlessReason(line, nextLine) is { } token) events.Add(new NoiseEvent(rule, line, token, at));
        else Decide(Crash(rule, nextLine is null ? line : $"{line} / {nextLine.Trim()}", at), events);
    }

    private void MatchMilestones(string text, TimeSpan at, List<BootEvent> events, bool unfinished = false)
    {
        for (var i = 0; i < _milestones.Length; i++)
        {
            if (_milestones[i].SeenAt is not null || !_milestones[i].Milestone.IsIn(text)) continue;
            _milestones[i] = _milestones[i] with { SeenAt = at, Line = text.Trim() };
            if (unfinished) _matchedInUnfinishedLine.Add(i);
            events.Add(new MilestoneEvent(_milestones[i].Milestone, text.Trim(), at));
        }
    }

    private void Evaluate(TimeSpan at, List<BootEvent> events)
    {
        if (Verdict is not null || _pending is not null) return;
        var suites = _suites.Select(s => s.Snapshot()).Where(s => s.Started).ToList();
        if (suites.FirstOrDefault(s => s.Completed && !s.Passed) is { } failed)
        {
            Decide(new BootVerdict(BootOutcome.TestsFailed, failed.Problem!, at), events);
            return;
        }
        if (_milestones.All(m => m.SeenAt is not null) && suites.All(s => s.Completed))
        {
            var tests = suites.Sum(s => s.Results.Count);
            Decide(new BootVerdict(BootOutcome.Passed,
                $"All {_milestones.Length} milestone{(_milestones.Length == 1 ? "" : "s")} seen by {Ms(at)}{(tests > 0 ? $"; {tests} guest tests, {suites.Sum(s => s.Skipped)} skipped, none failed" : "")}.", at), events);
        }
    }

    /// <summary>At the end, the unfinished line counts as a line and a pending crash is judged alone.</summary>
    private void Flush(TimeSpan at, List<BootEvent> events)
    {
        if (_line.Length > 0) CompleteLine(at, events);
        if (_pending is not null) ResolvePending(null, events);
        Evaluate(at, events);
    }

    private void Decide(BootVerdict verdict, List<BootEvent> events)
    {
        if (Verdict is not null) return;
        Verdict = verdict;
        events.Add(new VerdictEvent(verdict));
        _decided.TrySetResult(verdict);
    }

    private static BootVerdict Crash(CrashRule rule, string line, TimeSpan at) =>
        new(BootOutcome.Crashed, $"{rule.Name} at {Ms(at)}: {line.Trim()}", at);

    /// <summary>Which milestones were seen (with times) and which were not; the state of any started suite.</summary>
    private string Progress()
    {
        var seen = _milestones.Where(m => m.SeenAt is not null).Select(m => $"'{m.Milestone.Name}' at {Ms(m.SeenAt!.Value)}").ToList();
        var missing = _milestones.Where(m => m.SeenAt is null).Select(m => $"'{m.Milestone.Name}'").ToList();
        var text = $"Missing milestones: {(missing.Count == 0 ? "none" : string.Join(", ", missing))}; seen: {(seen.Count == 0 ? "none" : string.Join(", ", seen))}.";
        foreach (var suite in _suites.Select(s => s.Snapshot()).Where(s => s.Started && !s.Passed))
            text += $" {suite.Problem}.";
        return text;
    }

    public static string Ms(TimeSpan time) => $"{(long)time.TotalMilliseconds} ms";
}
