using RedoxBuild.Cook;
using RedoxBuild.Cook.Scheduling;
using RedoxBuild.Engine;
using Serilog;

namespace RedoxBuild.Tests.Cook.Progress;

/// <summary>Cook's live status: what is cooking now and for how long, counts of done and total, gone when the cook ends.</summary>
public class CookProgressSpecs
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;
        public override DateTimeOffset GetUtcNow() => Now;

        // The once-a-second redraw never fires on its own here: tests move the clock and read the text themselves.
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new StoppedTimer();
    }

    private sealed class StoppedTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private readonly ManualClock _clock = new();
    private readonly StringWriter _terminal = new();
    private static readonly ILogger Silent = new LoggerConfiguration().CreateLogger();

    [Fact]
    public void Start_and_finish_lines_count_the_same_thing_so_they_never_disagree()
    {
        var log = new StringWriter();
        var logger = new LoggerConfiguration().WriteTo.Sink(new Serilog.Sinks.TestSink(log)).CreateLogger();
        using var progress = new CookProgress(logger, dryRun: false, status: null, _clock);

        progress.Started("bootloader", running: 1, done: 0, total: 4);
        progress.Started("kernel", running: 2, done: 0, total: 4);
        progress.Finished(new WorkResult("kernel", WorkOutcome.Succeeded, TimeSpan.FromSeconds(2)), running: 1, done: 1, total: 4);
        progress.Finished(new WorkResult("bootloader", WorkOutcome.Succeeded, TimeSpan.FromSeconds(3)), running: 0, done: 2, total: 4);

        log.ToString().Replace("\"", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "[Information] [0/4 done] cooking bootloader (1 running)",
            "[Information] [0/4 done] cooking kernel (2 running)",
            "[Information] [1/4 done] kernel cooked in 2.0 s",
            "[Information] [2/4 done] bootloader cooked in 3.0 s");
    }

    [Fact]
    public void The_status_names_running_recipes_longest_first_with_their_elapsed_time()
    {
        using var progress = new CookProgress(Silent, dryRun: false, new StatusLine(_terminal, () => 200), _clock);

        progress.Started("relibc", running: 1, done: 3, total: 47);
        _clock.Now += TimeSpan.FromSeconds(20);
        progress.Started("kernel", running: 2, done: 3, total: 47);
        _clock.Now += TimeSpan.FromSeconds(52);

        Assert.Equal("cooking [3/47] relibc 1m12s, kernel 52s", progress.Describe());
    }

    [Fact]
    public void A_finished_recipe_leaves_the_status_and_the_count_moves_on()
    {
        using var progress = new CookProgress(Silent, dryRun: false, new StatusLine(_terminal, () => 200), _clock);
        progress.Started("relibc", 1, 0, 2);
        progress.Started("kernel", 2, 0, 2);

        progress.Finished(new WorkResult("relibc", WorkOutcome.Succeeded, TimeSpan.FromSeconds(5)), 1, 1, 2);

        Assert.Equal("cooking [1/2] kernel 0s", progress.Describe());
        Assert.EndsWith("\r\u001b[2Kcooking [1/2] kernel 0s", _terminal.ToString());
    }

    [Fact]
    public void The_end_of_the_cook_erases_the_status_line()
    {
        var progress = new CookProgress(Silent, dryRun: false, new StatusLine(_terminal, () => 200), _clock);
        progress.Started("relibc", 1, 0, 1);

        progress.Dispose();

        Assert.EndsWith("cooking [0/1] relibc 0s\r\u001b[2K", _terminal.ToString());
    }

    [Fact]
    public void A_dry_run_draws_no_status()
    {
        using var progress = new CookProgress(Silent, dryRun: true, new StatusLine(_terminal, () => 200), _clock);

        progress.Started("relibc", 1, 0, 1);

        Assert.Equal("", _terminal.ToString());
    }
}
