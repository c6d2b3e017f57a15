namespace RedoxBuild.Runners.BootTest;

public enum GuestTestStatus { Pass, Fail, Skip }

/// <summary>One FUNC_TEST:name:STATUS[:reason] line; <see cref="Duration"/> runs from the previous result (or the start marker).</summary>
public sealed record GuestTestResult(string Name, GuestTestStatus Status, string? Reason, TimeSpan At, TimeSpan Duration);

/// <summary>
/// A guest test suite as seen so far. Semantics of nix-redox §4: the suite passes only when its COMPLETE marker was
/// seen, no test failed and there was at least one result.
/// </summary>
public sealed record TestSuiteResult(string Prefix, TimeSpan? StartedAt, TimeSpan? CompletedAt, IReadOnlyList<GuestTestResult> Results)
{
    public bool Started => StartedAt is not null;
    public bool Completed => CompletedAt is not null;
    public int Failures => Results.Count(r => r.Status == GuestTestStatus.Fail);
    public int Skipped => Results.Count(r => r.Status == GuestTestStatus.Skip);
    public bool Passed => Completed && Failures == 0 && Results.Count > 0;

    /// <summary>Why the suite did not pass, or null when it did.</summary>
    public string? Problem => this switch
    {
        { Passed: true } => null,
        { Completed: false } => $"{Prefix}S_COMPLETE was never printed ({Results.Count} result{(Results.Count == 1 ? "" : "s")} before the output stopped)",
        { Results.Count: 0 } => $"{Prefix}S_COMPLETE came without a single {Prefix}: result",
        _ => $"{Failures} of {Results.Count} {Prefix} tests failed: " +
             string.Join(", ", Results.Where(r => r.Status == GuestTestStatus.Fail).Select(r => r.Reason is null ? r.Name : $"{r.Name} ({r.Reason})")),
    };
}

/// <summary>What a line meant to a suite.</summary>
public enum SuiteLineKind { None, Started, Result, Completed, Malformed }

/// <summary>
/// Parses one guest test protocol: <c>P S_START</c>, lines <c>P:name:PASS|FAIL[:reason]|SKIP[:reason]</c>, then
/// <c>P S_COMPLETE</c>. Result lines outside the markers are ignored, like the Nix harness's counts between them.
/// </summary>
public sealed class GuestTestSuite(string prefix)
{
    private readonly List<GuestTestResult> _results = [];
    private TimeSpan? _startedAt;
    private TimeSpan? _completedAt;
    private TimeSpan _last;

    public string Prefix { get; } = prefix;

    public TestSuiteResult Snapshot() => new(Prefix, _startedAt, _completedAt, _results.ToList());

    /// <summary>Feeds one complete, cleaned line; returns what it was and the result it added, if any.</summary>
    public (SuiteLineKind Kind, GuestTestResult? Result) OnLine(string line, TimeSpan at)
    {
        var trimmed = line.Trim();
        if (_startedAt is null)
        {
            if (!trimmed.StartsWith(Prefix + "S_START", StringComparison.Ordinal)) return (SuiteLineKind.None, null);
            _startedAt = _last = at;
            return (SuiteLineKind.Started, null);
        }
        if (_completedAt is not null) return (SuiteLineKind.None, null);
        if (trimmed.StartsWith(Prefix + "S_COMPLETE", StringComparison.Ordinal))
        {
            _completedAt = at;
            return (SuiteLineKind.Completed, null);
        }
        // Anchored like the Nix grep '^P:' so an echoed command or a log line quoting a result does not count.
        if (!line.StartsWith(Prefix + ":", StringComparison.Ordinal)) return (SuiteLineKind.None, null);

        var result = Parse(trimmed[(Prefix.Length + 1)..], at);
        if (result is null) return (SuiteLineKind.Malformed, null);
        _results.Add(result);
        _last = at;
        return (SuiteLineKind.Result, result);
    }

    private GuestTestResult? Parse(string rest, TimeSpan at)
    {
        // name:STATUS[:reason]; the reason may itself contain colons.
        var parts = rest.Split(':', 3);
        if (parts.Length < 2 || parts[0].Length == 0) return null;
        GuestTestStatus? status = parts[1] switch
        {
            "PASS" => GuestTestStatus.Pass,
            "FAIL" => GuestTestStatus.Fail,
            "SKIP" => GuestTestStatus.Skip,
            _ => null,
        };
        if (status is null) return null;
        var reason = parts.Length == 3 && parts[2].Trim().Length > 0 ? parts[2].Trim() : null;
        return new GuestTestResult(parts[0], status.Value, reason, at, at - _last);
    }
}
