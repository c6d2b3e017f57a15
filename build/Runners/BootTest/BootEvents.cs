namespace RedoxBuild.Runners.BootTest;

public enum BootOutcome { Passed, Crashed, TestsFailed, VmExited, TimedOut }

/// <summary>How a boot test ended, why, and when (time since the VM was launched).</summary>
public sealed record BootVerdict(BootOutcome Outcome, string Message, TimeSpan At)
{
    public bool Passed => Outcome == BootOutcome.Passed;
}

/// <summary>A milestone and when it was first seen (null: never), with the line that showed it.</summary>
public sealed record MilestoneResult(BootMilestone Milestone, TimeSpan? SeenAt, string? Line);

/// <summary>Something the watcher noticed; the runner logs these as they happen.</summary>
public abstract record BootEvent(TimeSpan At);

/// <summary>A complete, cleaned serial line.</summary>
public sealed record SerialLineEvent(string Line, TimeSpan At) : BootEvent(At);

public sealed record MilestoneEvent(BootMilestone Milestone, string Line, TimeSpan At) : BootEvent(At);

public sealed record SuiteMarkerEvent(string Prefix, SuiteLineKind Kind, TimeSpan At) : BootEvent(At);

public sealed record GuestTestEvent(string Prefix, GuestTestResult Result) : BootEvent(Result.At);

public sealed record MalformedTestLineEvent(string Prefix, string Line, TimeSpan At) : BootEvent(At);

/// <summary>A crash pattern matched known-harmless noise and was ignored.</summary>
public sealed record NoiseEvent(CrashRule Rule, string Line, string Token, TimeSpan At) : BootEvent(At);

public sealed record VerdictEvent(BootVerdict Verdict) : BootEvent(Verdict.At);

/// <summary>A crash candidate that waits for its next line (is it known noise?); resolve it with its token if none comes.</summary>
public sealed record PendingCrashEvent(long Token, TimeSpan At) : BootEvent(At);
