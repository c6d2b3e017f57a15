using RedoxBuild.Engine;
using RedoxBuild.Toml;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace RedoxBuild.Model;

/// <summary>
/// Sends model warnings to the build's logger (with the file position as the event's SourceLocation, which hosts
/// turn into ::warning file=,line=,col= annotations) and details at Debug level.
/// </summary>
public sealed class LoggerDiagnostics(ILogger logger) : IModelDiagnostics
{
    public void Warning(string message, TomlPosition? position = null)
    {
        if (position is not { } at)
        {
            logger.Warning("{Warning}", message);
            return;
        }
        logger.ForContext(new LocationEnricher(new SourceLocation(at.File, at.Line, at.Column)))
            .Warning("{Warning}", $"{at}: {message}");
    }

    public void Detail(string message) => logger.Debug("{Detail}", message);

    private sealed class LocationEnricher(SourceLocation location) : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory factory) =>
            logEvent.AddPropertyIfAbsent(new LogEventProperty("SourceLocation", new ScalarValue(location)));
    }
}
