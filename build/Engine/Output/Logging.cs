using RedoxBuild.CliWrap;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Sinks.SystemConsole.Themes;

namespace RedoxBuild.Engine;

/// <summary>Builds the Serilog pipeline of a run: console (or the invocation's writer), log files, host annotations.</summary>
internal static class Logging
{
    public const string ConsoleTemplate = "{Timestamp:HH:mm:ss} [{Level:u3}] {Message:lj}{NewLine}{Exception}";
    private const string FileTemplate = "{Timestamp:HH:mm:ss.fff} | {Level:u1} | {ExecutingTarget,-20} | {Message:lj}{NewLine}{Exception}";
    private const string DiffableFileTemplate = "{Level:u1} | {ExecutingTarget,-20} | {Message:lj}{NewLine}{Exception}";
    private const int KeptLogFiles = 5;

    public static LogEventLevel LevelFor(Verbosity verbosity) => verbosity switch
    {
        Verbosity.Verbose => LogEventLevel.Verbose,
        Verbosity.Normal => LogEventLevel.Debug,
        Verbosity.Minimal => LogEventLevel.Warning,
        _ => LogEventLevel.Error,
    };

    public static Logger Create(BuildInvocation invocation, BuildSession session, Verbosity verbosity, WarningCollector warnings, bool writeFiles)
    {
        var level = LevelFor(verbosity);
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var sinks = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.Sink(warnings)
            .WriteTo.Sink(new HostAnnotationSink(session.Host), LogEventLevel.Warning);

        if (invocation.Out != Console.Out)
            sinks = sinks.WriteTo.Sink(new TextWriterSink(invocation.Out, ConsoleTemplate), level);
        else if (session.Status is { } status)
            sinks = sinks.WriteTo.Sink(new StatusAwareSink(new LoggerConfiguration().MinimumLevel.Verbose()
                .WriteTo.Console(level, ConsoleTemplate, culture, theme: invocation.UseColors ? AnsiConsoleTheme.Code : ConsoleTheme.None).CreateLogger(), status), level);
        else
            sinks = sinks.WriteTo.Console(level, ConsoleTemplate, culture, theme: invocation.UseColors ? AnsiConsoleTheme.Code : ConsoleTheme.None);

        if (writeFiles)
        {
            var temp = session.TemporaryDirectory.CreateDirectory();
            PruneOldLogs(temp);
            sinks = sinks
                .WriteTo.File(temp / "build.log", outputTemplate: FileTemplate, formatProvider: culture)
                .WriteTo.File(temp / $"build.{DateTime.Now:yyyy-MM-dd_HH-mm-ss}.log", outputTemplate: DiffableFileTemplate, formatProvider: culture);
        }

        // Every event passes the redactor before any sink sees it, whatever way a secret got into it.
        return new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Enrich.With(new ExecutingTargetEnricher(session.ExecutingTarget))
            .WriteTo.Sink(new RedactingSink(sinks.CreateLogger(), session.Secrets))
            .CreateLogger();
    }

    private static void PruneOldLogs(AbsolutePath temp)
    {
        foreach (var old in Directory.GetFiles(temp, "build.*.log").Order(StringComparer.Ordinal).Reverse().Skip(KeptLogFiles - 1))
            File.Delete(old);
        if (File.Exists(temp / "build.log")) File.Delete(temp / "build.log");
    }
}

/// <summary>Adds the ExecutingTarget property (Nuke renamed it from Target, which clashed with message templates).</summary>
internal sealed class ExecutingTargetEnricher(ExecutingTargetContext context) : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory factory) =>
        logEvent.AddPropertyIfAbsent(factory.CreateProperty("ExecutingTarget", context.Current ?? ""));
}

/// <summary>
/// Rewrites an event whose message, properties or exception contain a secret into a plain-text event with the secret
/// replaced, then forwards it. Events without secrets pass through untouched (and keep their structure).
/// </summary>
internal sealed class RedactingSink(Logger inner, SecretRedactor secrets) : ILogEventSink, IDisposable
{
    public void Emit(LogEvent logEvent)
    {
        var rendered = LiteralMessage.Render(logEvent);
        var exceptionText = logEvent.Exception?.ToString();
        var redacted = secrets.Redact(rendered);
        var redactedException = exceptionText is null ? null : secrets.Redact(exceptionText);
        if (redacted == rendered && redactedException == exceptionText)
        {
            inner.Write(logEvent);
            return;
        }

        var exception = logEvent.Exception is null ? null : new RedactedException(redactedException!, logEvent.Exception);
        var properties = logEvent.Properties
            .Where(p => p.Key is "ExecutingTarget" or "SourceLocation")
            .Select(p => new LogEventProperty(p.Key, p.Value));
        var template = new MessageTemplate([new Serilog.Parsing.TextToken(redacted)]);
        inner.Write(new LogEvent(logEvent.Timestamp, logEvent.Level, exception, template, properties));
    }

    public void Dispose() => inner.Dispose();
}

/// <summary>Stands in for an exception whose text held a secret; keeps the original's source location for annotations.</summary>
internal sealed class RedactedException(string redactedText, Exception original) : Exception("(redacted)"), IHasSourceLocation
{
    public SourceLocation? Location => (original as IHasSourceLocation)?.Location;

    public override string ToString() => redactedText;
}

/// <summary>Forwards warnings and errors to the host (GitHub annotations), with the source position when known.</summary>
internal sealed class HostAnnotationSink(Host host) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        var message = LiteralMessage.Render(logEvent);
        var location = (logEvent.Exception as IHasSourceLocation)?.Location
            ?? (logEvent.Properties.TryGetValue("SourceLocation", out var p) && p is ScalarValue { Value: SourceLocation l } ? l : null);
        if (logEvent.Level >= LogEventLevel.Error) host.ReportError(message, location);
        else host.ReportWarning(message, location);
    }
}

/// <summary>Keeps warnings and errors for the Errors &amp; Warnings block at the end of the run.</summary>
public sealed class WarningCollector : ILogEventSink
{
    private readonly List<(LogEventLevel Level, string Target, string Message)> _events = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<(LogEventLevel Level, string Target, string Message)> Events
    {
        get { lock (_lock) return _events.ToList(); }
    }

    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Level < LogEventLevel.Warning) return;
        var target = logEvent.Properties.TryGetValue("ExecutingTarget", out var t) && t is ScalarValue { Value: string s } ? s : "";
        lock (_lock) _events.Add((logEvent.Level, target, LiteralMessage.Render(logEvent)));
    }
}

/// <summary>Writes formatted events to a TextWriter (the invocation's output in tests and embedded runs).</summary>
internal sealed class TextWriterSink(TextWriter writer, string template) : ILogEventSink
{
    private readonly Serilog.Formatting.Display.MessageTemplateTextFormatter _formatter = new(template, System.Globalization.CultureInfo.InvariantCulture);
    private readonly Lock _lock = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_lock)
        {
            _formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}

/// <summary>Renders a message like the console's {Message:lj}: strings without quotes, so every output reads the same.</summary>
internal static class LiteralMessage
{
    public static string Render(LogEvent logEvent)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is Serilog.Parsing.PropertyToken p && logEvent.Properties.TryGetValue(p.PropertyName, out var value) && value is ScalarValue { Value: string s })
            {
                sb.Append(s);
                continue;
            }
            // Everything else renders as the template says, formats such as {Seconds:0.0} included.
            using var writer = new StringWriter(sb, System.Globalization.CultureInfo.InvariantCulture);
            token.Render(logEvent.Properties, writer, System.Globalization.CultureInfo.InvariantCulture);
        }
        return sb.ToString();
    }
}
