using Serilog.Core;
using Serilog.Events;

namespace Serilog.Sinks;

/// <summary>Writes rendered events, one per line, to a TextWriter the test reads.</summary>
internal sealed class TestSink(TextWriter writer) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        lock (writer) writer.WriteLine($"[{logEvent.Level}] {logEvent.RenderMessage()}");
    }
}
