using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using Serilog;

namespace RedoxBuild.Tests.Upstream;

/// <summary>
/// A build session for calling services directly (without a whole build): its log goes to <see cref="Log"/>
/// through the same redaction the real build uses, and its <see cref="Processes"/> run (or dry-run) real tools.
/// </summary>
internal sealed class TestSession
{
    private TestSession(BuildSession session, StringWriter log)
    {
        Session = session;
        Log = log;
    }

    public BuildSession Session { get; }

    public StringWriter Log { get; }

    public Processes Processes => Session.Processes;

    public ILogger Logger => Session.Logger;

    public static TestSession Create(string root, bool dryRun = false, params string[] secrets)
    {
        var log = new StringWriter();
        var redactor = new SecretRedactor();
        foreach (var secret in secrets) redactor.Register(secret);
        var inner = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new TextWriterSink(log, "{Level:u3} {Message:lj}{NewLine}")).CreateLogger();
        var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new RedactingSink(inner, redactor)).CreateLogger();
        var session = new BuildSession
        {
            RootDirectory = AbsolutePath.Create(root),
            WorkingDirectory = root,
            Environment = new Dictionary<string, string>(),
            Host = new TerminalHost(log, false),
            Logger = logger,
            Secrets = redactor,
            CancellationToken = CancellationToken.None,
            TargetCancellation = CancellationToken.None,
            Out = log,
            ExecutingTarget = new ExecutingTargetContext(),
            IsDryRun = dryRun,
        };
        return new TestSession(session, log);
    }
}
