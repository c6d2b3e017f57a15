using RedoxBuild.CliWrap;
using Serilog;

namespace RedoxBuild.Engine;

/// <summary>The context of one run: where it is, how it talks, what it may not print. Created by the runner, never static.</summary>
public sealed class BuildSession
{
    public required AbsolutePath RootDirectory { get; init; }
    public AbsolutePath TemporaryDirectory => RootDirectory / ".nuke" / "temp";
    public required string WorkingDirectory { get; init; }
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
    public required Host Host { get; init; }
    public required ILogger Logger { get; set; }
    /// <summary>Secret values of this run; every text the engine prints or describes passes through it.</summary>
    public required SecretRedactor Secrets { get; init; }
    /// <summary>Cancelled by Ctrl+C or SIGTERM.</summary>
    public required CancellationToken CancellationToken { get; init; }

    /// <summary>The token of the running target: the run's token, or none while assured targets clean up after a failure.</summary>
    public CancellationToken TargetCancellation { get; set; }
    public required TextWriter Out { get; init; }
    public required ExecutingTargetContext ExecutingTarget { get; init; }
    public WarningCollector Warnings { get; } = new();
    public bool IsDryRun { get; set; }

    /// <summary>The live status line of an interactive terminal; null elsewhere (CI, redirected output, tests).</summary>
    public StatusLine? Status { get; init; }

    /// <summary>Runs (or, in a dry run, prints) the external commands of this run.</summary>
    public Processes Processes => _processes ??= new Processes(this);

    private Processes? _processes;
}

/// <summary>The name of the target currently running, for log enrichment; flows with async calls.</summary>
public sealed class ExecutingTargetContext
{
    private readonly AsyncLocal<string?> _current = new();

    public string? Current
    {
        get => _current.Value;
        set => _current.Value = value;
    }
}
