using Serilog.Core;
using Serilog.Events;

namespace RedoxBuild.Engine;

/// <summary>
/// A one-line live status at the bottom of an interactive terminal (e.g. which recipes are cooking and for how long).
/// Log lines are written above it: the console sink clears it before each event and redraws it after, so the two never
/// garble each other. Only created for terminals; CI and redirected output get plain log lines instead.
/// </summary>
public sealed class StatusLine(TextWriter terminal, Func<int> width)
{
    /// <summary>A status line on the process's standard error, as wide as the terminal.</summary>
    public static StatusLine ForConsole() => new(Console.Error, () => Console.WindowWidth);

    private readonly Lock _lock = new();
    private string? _text;
    private bool _shown;

    public void Set(string? text)
    {
        lock (_lock)
        {
            _text = text;
            Draw();
        }
    }

    internal void Around(Action write)
    {
        lock (_lock)
        {
            if (_shown) terminal.Write("\r\u001b[2K");
            write();
            if (_shown) Draw();
        }
    }

    private void Draw()
    {
        // Without a status shown, log lines are written untouched: no escape sequences between them.
        if (_text is null && !_shown) return;
        terminal.Write("\r\u001b[2K");
        _shown = _text is not null;
        if (_text is null)
        {
            terminal.Flush();
            return;
        }
        // One column short of the width: writing into the last column makes some terminals wrap.
        var columns = Math.Max(20, width() - 1);
        terminal.Write(_text.Length > columns ? _text[..(columns - 1)] + "…" : _text);
        terminal.Flush();
    }
}

/// <summary>Writes console events around the status line.</summary>
internal sealed class StatusAwareSink(ILogEventSink inner, StatusLine status) : ILogEventSink, IDisposable
{
    public void Emit(LogEvent logEvent) => status.Around(() => inner.Emit(logEvent));

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
