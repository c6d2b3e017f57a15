using Serilog;

namespace RedoxBuild.Engine;

/// <summary>
/// A failure the user can act on from its message alone (bad TOML, a missing recipe, a tool that exited non-zero):
/// logged without a stack trace. Anything else is a bug in the build and is logged with its stack trace.
/// </summary>
public interface IExpectedFailure;

/// <summary>The plain expected failure: say what went wrong and what to do.</summary>
public class BuildFailure(string message, Exception? inner = null) : Exception(message, inner), IExpectedFailure;

internal static class ErrorReporter
{
    public static void Log(ILogger logger, Exception e, string targetName)
    {
        var location = (e as IHasSourceLocation)?.Location;
        var contextual = location is null ? logger : logger.ForContext(new SourceLocationEnricher(location));
        if (IsExpected(e))
            contextual.Error("Target {TargetName} failed: {Message}", targetName, e.Message);
        else
            contextual.Error(e, "Target {TargetName} failed with an unexpected {ExceptionType}", targetName, e.GetType().Name);
    }

    /// <summary>A failure of the build's checks before any target ran: the message alone, with its position for annotations.</summary>
    public static void LogBeforeTargets(ILogger logger, Exception e)
    {
        var location = (e as IHasSourceLocation)?.Location;
        (location is null ? logger : logger.ForContext(new SourceLocationEnricher(location))).Error("{Message}", e.Message);
    }

    public static bool IsExpected(Exception e) =>
        e is IExpectedFailure or RedoxBuild.CliWrap.CommandException or ParameterException or RequirementException or UnknownTargetException or BuildConfigurationException;
}

/// <summary>Attaches a source position to an event as a scalar, for host annotations (::error file=,line=,col=).</summary>
internal sealed class SourceLocationEnricher(SourceLocation location) : Serilog.Core.ILogEventEnricher
{
    public void Enrich(Serilog.Events.LogEvent logEvent, Serilog.Core.ILogEventPropertyFactory factory) =>
        logEvent.AddPropertyIfAbsent(new Serilog.Events.LogEventProperty("SourceLocation", new Serilog.Events.ScalarValue(location)));
}
