using System.Globalization;
using RedoxBuild.Engine;

namespace RedoxBuild.Cache;

/// <summary>
/// The cache's numbers for the build summary. TimeSaved is the sum of the recorded build times of the outputs that
/// were restored instead of built.
/// </summary>
public sealed record CacheReport(
    int LocalHits, int RemoteHits, int Misses, long BytesDownloaded, long BytesUploaded, TimeSpan TimeSaved,
    int Stored, int Warnings, int UploadFailures)
{
    public int Hits => LocalHits + RemoteHits;

    /// <summary>One line, e.g. "12 hits (9 local, 3 remote), 4 misses, 42.1 MiB down, 3.0 MiB up, 12m 30s saved".</summary>
    public string ToSummaryLine()
    {
        var parts = new List<string>
        {
            $"{Hits} hit{(Hits == 1 ? "" : "s")} ({LocalHits} local, {RemoteHits} remote)",
            $"{Misses} miss{(Misses == 1 ? "" : "es")}",
            $"{new ByteSize(BytesDownloaded).ToHumanString()} down",
            $"{new ByteSize(BytesUploaded).ToHumanString()} up",
            $"{FormatDuration(TimeSaved)} saved",
        };
        if (Stored > 0) parts.Add($"{Stored} stored");
        if (UploadFailures > 0) parts.Add($"{UploadFailures} upload{(UploadFailures == 1 ? "" : "s")} failed");
        if (Warnings > 0) parts.Add($"{Warnings} warning{(Warnings == 1 ? "" : "s")}");
        return string.Join(", ", parts);
    }

    /// <summary>Adds the line under "Cache" to a target's summary notes (NukeBuild.ReportSummary).</summary>
    public void AddTo(IDictionary<string, string> summary) => summary["Cache"] = ToSummaryLine();

    public static string FormatDuration(TimeSpan duration) => duration switch
    {
        { TotalHours: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h {duration.Minutes}m"),
        { TotalMinutes: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes}m {duration.Seconds}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.0}s"),
    };
}

/// <summary>Thread-safe counters behind <see cref="CacheReport"/>; Cook restores and stores in parallel.</summary>
internal sealed class CacheStatistics
{
    private readonly object _lock = new();
    private CacheReport _current = new(0, 0, 0, 0, 0, TimeSpan.Zero, 0, 0, 0);

    public void Hit(bool local, TimeSpan saved, long bytesDownloaded) => Update(r => r with
    {
        LocalHits = r.LocalHits + (local ? 1 : 0),
        RemoteHits = r.RemoteHits + (local ? 0 : 1),
        TimeSaved = r.TimeSaved + saved,
        BytesDownloaded = r.BytesDownloaded + bytesDownloaded,
    });

    public void Miss() => Update(r => r with { Misses = r.Misses + 1 });
    public void Stored() => Update(r => r with { Stored = r.Stored + 1 });
    public void Warning() => Update(r => r with { Warnings = r.Warnings + 1 });
    public void UploadFailed() => Update(r => r with { UploadFailures = r.UploadFailures + 1 });
    public void Uploaded(long bytes) => Update(r => r with { BytesUploaded = r.BytesUploaded + bytes });

    public CacheReport Snapshot()
    {
        lock (_lock) return _current;
    }

    private void Update(Func<CacheReport, CacheReport> change)
    {
        lock (_lock) _current = change(_current);
    }
}
