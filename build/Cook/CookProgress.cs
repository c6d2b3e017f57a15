using System.Collections.Concurrent;
using RedoxBuild.Cook.Scheduling;
using RedoxBuild.Engine;
using Serilog;

namespace RedoxBuild.Cook;

/// <summary>
/// Progress as plain lines, readable on a terminal and in CI logs alike; on an interactive terminal also a live status
/// line, redrawn every second, naming what is cooking right now and for how long (a long kernel build is not a hang).
/// </summary>
internal sealed class CookProgress : ISchedulerObserver, IDisposable
{
    private readonly ILogger _logger;
    private readonly bool _dryRun;
    private readonly StatusLine? _status;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _running = new(StringComparer.Ordinal);
    private readonly ITimer? _ticker;
    private int _done;
    private int _total;

    public CookProgress(ILogger logger, bool dryRun, StatusLine? status, TimeProvider clock)
    {
        _logger = logger;
        _dryRun = dryRun;
        _status = dryRun ? null : status;
        _clock = clock;
        if (_status is not null) _ticker = clock.CreateTimer(_ => Refresh(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    // Every line counts finished recipes ("2/4 done"), so start and finish lines never disagree; a start says how many
    // run now (this one included).
    public void Started(string name, int running, int done, int total)
    {
        _running[name] = _clock.GetUtcNow();
        (_done, _total) = (done, total);
        if (_dryRun) _logger.Information("[{Started}/{Total}] would cook {Name}", done + running, total, name);
        else _logger.Information("[{Done}/{Total} done] cooking {Name} ({Running} running)", done, total, name, running);
        Refresh();
    }

    public void Finished(WorkResult result, int running, int done, int total)
    {
        _running.TryRemove(result.Name, out _);
        (_done, _total) = (done, total);
        switch (result.Outcome)
        {
            case WorkOutcome.Succeeded when _dryRun:
                break;
            case WorkOutcome.Succeeded:
                _logger.Information("[{Done}/{Total} done] {Name} cooked in {Seconds:0.0} s", done, total, result.Name, result.Duration.TotalSeconds);
                break;
            case WorkOutcome.Failed:
                _logger.Error("[{Done}/{Total} done] {Name} failed after {Seconds:0.0} s", done, total, result.Name, result.Duration.TotalSeconds);
                break;
            default:
                _logger.Warning("[{Done}/{Total} done] {Name} not built: {Reason}", done, total, result.Name, result.SkipReason ?? result.Outcome.ToString());
                break;
        }
        Refresh();
    }

    /// <summary>The status text: counts, then the running recipes, longest-running first.</summary>
    internal string Describe()
    {
        var now = _clock.GetUtcNow();
        var running = _running.OrderBy(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => $"{r.Key} {Elapsed(now - r.Value)}").ToList();
        return $"cooking [{_done}/{_total}]" + (running.Count == 0 ? "" : " " + string.Join(", ", running));
    }

    private static string Elapsed(TimeSpan span) => span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s" : $"{(int)span.TotalSeconds}s";

    private void Refresh()
    {
        if (_status is null) return;
        _status.Set(_running.IsEmpty ? null : Describe());
    }

    public void Dispose()
    {
        _ticker?.Dispose();
        _status?.Set(null);
    }
}
