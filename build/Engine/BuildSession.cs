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
    public required SecretRedactorRegistry Secrets { get; init; }
    /// <summary>Cancelled by Ctrl+C or SIGTERM.</summary>
    public required CancellationToken CancellationToken { get; init; }

    /// <summary>The token of the running target: the run's token, or none while assured targets clean up after a failure.</summary>
    public CancellationToken TargetCancellation { get; set; }
    public required TextWriter Out { get; init; }
    public required ExecutingTargetContext ExecutingTarget { get; init; }
    public WarningCollector Warnings { get; } = new();
    public bool IsDryRun { get; set; }
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

/// <summary>
/// Secret values known to this run; every text the engine prints passes through <see cref="Redact"/>.
/// Values shorter than 4 characters are not registered: redacting "1" everywhere would destroy the output.
/// </summary>
public sealed class SecretRedactorRegistry
{
    private readonly List<string> _secrets = [];
    private readonly Lock _lock = new();

    public const string Placeholder = "[REDACTED]";

    public void Register(string secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 4) return;
        lock (_lock)
        {
            if (_secrets.Contains(secret)) return;
            _secrets.Add(secret);
            _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        }
    }

    public IReadOnlyList<string> Values
    {
        get { lock (_lock) return _secrets.ToList(); }
    }

    public string Redact(string text)
    {
        lock (_lock)
        {
            foreach (var secret in _secrets)
                text = text.Replace(secret, Placeholder, StringComparison.Ordinal);
        }
        return text;
    }
}
