using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using RedoxBuild.Runners;
using RedoxBuild.Runners.Qemu;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace RedoxBuild.Tests.Runners.BootTest;

/// <summary>
/// A build session for driving runner classes directly (Processes, a logger whose messages the test can read) in a
/// temporary root, so their .nuke/temp and build/work never touch the repository. Deletes the root on dispose.
/// </summary>
public sealed class RunnerSession : IDisposable
{
    private readonly List<LogEvent> _events = [];

    public RunnerSession(bool dryRun = false)
    {
        Root = Directory.CreateTempSubdirectory("redox-runner-root-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, ".nuke"));
        var environment = new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "" };
        Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new ListSink(_events)).CreateLogger();
        Session = new BuildSession
        {
            RootDirectory = AbsolutePath.Create(Root),
            WorkingDirectory = Root,
            Environment = environment,
            Host = Host.Create(HostKind.Terminal, environment, TextWriter.Null),
            Logger = Logger,
            Secrets = new SecretRedactor(),
            CancellationToken = CancellationToken.None,
            Out = TextWriter.Null,
            ExecutingTarget = new ExecutingTargetContext(),
            IsDryRun = dryRun,
        };
    }

    public string Root { get; }
    public AbsolutePath RootPath => AbsolutePath.Create(Root);
    public AbsolutePath Work => RootPath / "build" / "work";
    public ILogger Logger { get; }
    public BuildSession Session { get; }
    public Processes Processes => Session.Processes;

    /// <summary>Rendered log messages so far.</summary>
    public IReadOnlyList<string> Messages
    {
        get { lock (_events) return _events.Select(Render).ToList(); }
    }

    /// <summary>Debian's 4M OVMF pair and a selector that caches its probe under this root.</summary>
    public AcceleratorSelector Selector(UefiFirmware firmware) =>
        new(Processes, Logger, new AcceleratorSelectorOptions(RootPath / ".nuke" / "temp" / "kvm-probe.json", Work / "vm-runs", firmware, Session.IsDryRun));

    public static UefiFirmware DebianOvmf => FirmwareLocator.FindOvmf(BootFixtures.Ovmf)
        ?? throw new InvalidOperationException($"{BootFixtures.Ovmf} is missing (apt-get install ovmf)");

    public void Dispose() => Directory.Delete(Root, recursive: true);

    // As the console shows it: strings without quotes.
    private static string Render(LogEvent e)
    {
        var text = new StringWriter();
        new MessageTemplateTextFormatter("{Message:lj}").Format(e, text);
        return text.ToString();
    }

    private sealed class ListSink(List<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            lock (events) events.Add(logEvent);
        }
    }
}
