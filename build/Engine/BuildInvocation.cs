using System.Collections;

namespace RedoxBuild.Engine;

/// <summary>Everything a run reads from its process, as a value: tests create their own instead of touching the real one.</summary>
public sealed record BuildInvocation(
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    TextWriter Out,
    TextWriter Error,
    bool Interactive)
{
    /// <summary>Ctrl+C and SIGTERM cancel this token; null when the caller does not cancel (tests pass their own).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>True when output goes to a real terminal, so ANSI colours may be used.</summary>
    public bool UseColors { get; init; }

    public static BuildInvocation FromProcess()
    {
        var environment = System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        var term = environment.GetValueOrDefault("TERM", "");
        return new BuildInvocation(
            System.Environment.GetCommandLineArgs().Skip(1).ToList(), environment, Directory.GetCurrentDirectory(),
            Console.Out, Console.Error, Interactive: !Console.IsInputRedirected && !Console.IsOutputRedirected)
        {
            CancellationToken = ProcessCancellation.Token,
            UseColors = !Console.IsOutputRedirected && !environment.ContainsKey("NO_COLOR") && term.Length > 0 && term != "dumb",
        };
    }
}

/// <summary>Turns Ctrl+C and SIGTERM into a cancellation token for the one build a process runs.</summary>
internal static class ProcessCancellation
{
    public static CancellationToken Token
    {
        get
        {
            // Created per call and owned by the registrations below; there is one build per process.
            var source = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                // The first Ctrl+C cancels cooperatively (child process trees are killed, assured targets run);
                // a second one is left to the runtime and ends the process.
                if (source.IsCancellationRequested) return;
                e.Cancel = true;
                source.Cancel();
            };
            var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
            {
                ctx.Cancel = true;
                source.Cancel();
            });
            // Keep the registration alive as long as the token can be observed.
            source.Token.Register(() => GC.KeepAlive(sigterm));
            return source.Token;
        }
    }
}
