using Serilog.Events;
using Serilog.Parsing;

namespace RedoxBuild.Engine.Tests.Output;

/// <summary>The live status line: drawn at the bottom, cleared around log lines, and invisible when unused.</summary>
public class StatusLineSpecs
{
    private const string Clear = "\r\u001b[2K";
    private readonly StringWriter _terminal = new();

    private sealed class LineSink(TextWriter terminal) : Serilog.Core.ILogEventSink
    {
        public void Emit(LogEvent logEvent) => terminal.Write(logEvent.MessageTemplate.Text + "\n");
    }

    private static LogEvent Event(string text) =>
        new(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new MessageTemplateParser().Parse(text), []);

    [Fact]
    public void Log_lines_without_a_status_are_written_untouched()
    {
        var sink = new StatusAwareSink(new LineSink(_terminal), new StatusLine(_terminal, () => 80));

        sink.Emit(Event("one"));
        sink.Emit(Event("two"));

        Assert.Equal("one\ntwo\n", _terminal.ToString());
    }

    [Fact]
    public void A_log_line_clears_the_status_and_the_status_is_redrawn_below_it()
    {
        var status = new StatusLine(_terminal, () => 80);
        var sink = new StatusAwareSink(new LineSink(_terminal), status);

        status.Set("cooking [1/3] kernel 12s");
        sink.Emit(Event("relibc cooked"));

        Assert.Equal($"{Clear}cooking [1/3] kernel 12s{Clear}relibc cooked\n{Clear}cooking [1/3] kernel 12s", _terminal.ToString());
    }

    [Fact]
    public void Clearing_the_status_erases_it_once_and_later_lines_are_plain()
    {
        var status = new StatusLine(_terminal, () => 80);
        var sink = new StatusAwareSink(new LineSink(_terminal), status);

        status.Set("cooking");
        status.Set(null);
        status.Set(null);
        sink.Emit(Event("done"));

        Assert.Equal($"{Clear}cooking{Clear}done\n", _terminal.ToString());
    }

    [Fact]
    public void A_status_wider_than_the_terminal_is_cut_with_an_ellipsis_before_the_last_column()
    {
        var status = new StatusLine(_terminal, () => 25);

        status.Set("cooking [2/47] relibc 1m02s, kernel 40s");

        Assert.Equal($"{Clear}cooking [2/47] relibc 1…", _terminal.ToString());
        Assert.Equal(24, _terminal.ToString().Length - Clear.Length);
    }
}
