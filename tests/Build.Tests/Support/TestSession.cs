using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using Serilog;

namespace RedoxBuild.Tests.Support;

/// <summary>A build session for testing services (fetch, cook, image) without a whole build run; logs go to <see cref="Log"/>.</summary>
public sealed class TestSession
{
    private readonly StringWriter _log = new();

    public TestSession(string root, bool dryRun = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "",
        };
        Session = new BuildSession
        {
            RootDirectory = AbsolutePath.Create(root),
            WorkingDirectory = root,
            Environment = env,
            Host = new TerminalHost(TextWriter.Null, isCi: false),
            Logger = new LoggerConfiguration().MinimumLevel.Verbose()
                .WriteTo.Sink(new Serilog.Sinks.TestSink(_log)).CreateLogger(),
            Secrets = new SecretRedactor(),
            CancellationToken = CancellationToken.None,
            TargetCancellation = CancellationToken.None,
            Out = TextWriter.Null,
            ExecutingTarget = new ExecutingTargetContext(),
            IsDryRun = dryRun,
        };
    }

    public BuildSession Session { get; }
    public Processes Processes => Session.Processes;
    public string Log => _log.ToString();
}
