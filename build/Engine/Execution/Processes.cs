using RedoxBuild.CliWrap;

namespace RedoxBuild.Engine;

/// <summary>A command as a dry run prints it: what would run, where, with which environment changes.</summary>
public sealed record PlannedCommand(string Program, IReadOnlyList<string> Arguments, string WorkingDirectory, IReadOnlyList<string> EnvironmentChanges)
{
    /// <summary>One shell line that reproduces the command: <c>(cd 'dir' &amp;&amp; env -u A B=c program args)</c>.</summary>
    public required string ShellLine { get; init; }
}

/// <summary>A tool exited non-zero: the message has the command line (redacted), directory, exit code and last output lines.</summary>
public sealed class ToolFailure(string message, int exitCode) : BuildFailure(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Per-command choices for <see cref="Processes.RunAsync(Command, RunOptions)"/>.</summary>
public sealed record RunOptions
{
    public static RunOptions Default { get; } = new();

    /// <summary>
    /// The level the child's output lines are logged at. An interactive console already shows its output on the
    /// terminal, so it logs at Verbose: the log files keep it and the console does not print it twice.
    /// </summary>
    public Serilog.Events.LogEventLevel OutputLevel { get; init; } = Serilog.Events.LogEventLevel.Debug;

    /// <summary>
    /// Replaces the running target's cancellation for this command. Cleanup after Ctrl+C (restoring a terminal,
    /// tearing something down) passes CancellationToken.None, or the Ctrl+C that caused the cleanup would kill it
    /// too; a runner that stops its own child passes a token linked to <see cref="NukeBuild.CancellationToken"/>.
    /// </summary>
    public CancellationToken? Cancellation { get; init; }

    /// <summary>
    /// Sends the child's output to this file instead of the log: parallel jobs (recipe cooks) keep one log each rather
    /// than interleaving; failures still carry the output's tail and the file's path.
    /// </summary>
    public string? LogFile { get; init; }
}

/// <summary>
/// How targets run external tools: every command line is logged with secrets redacted, output streams into the log,
/// Ctrl+C kills the child's whole process tree, and under --dry-run nothing starts: each command is recorded and printed
/// as a shell line instead (also appended to .nuke/temp/dry-run.sh).
/// </summary>
public sealed class Processes(BuildSession session)
{
    private const int TailLines = 30;
    private readonly List<PlannedCommand> _planned = [];
    private readonly Lock _lock = new();

    /// <summary>True under --dry-run: nothing is started, and callers must not act on files a command would have made.</summary>
    public bool IsDryRun => session.IsDryRun;

    /// <summary>Commands a dry run printed, in order.</summary>
    public IReadOnlyList<PlannedCommand> Planned
    {
        get { lock (_lock) return _planned.ToList(); }
    }

    /// <summary>Runs a command, streaming its output into the log (Debug); a non-zero exit fails with the output's tail.</summary>
    public Task<CommandResult> RunAsync(Command command) => RunAsync(command, RunOptions.Default);

    /// <summary>Runs a command like <see cref="RunAsync(Command)"/>, with per-command logging and cancellation.</summary>
    public async Task<CommandResult> RunAsync(Command command, RunOptions options)
    {
        command = command.WithRedactor(session.Secrets);
        if (Plan(command, query: false)) return new CommandResult(0, DateTimeOffset.Now, DateTimeOffset.Now);

        var tail = new Queue<string>();
        using var file = options.LogFile is null ? null : new StreamWriter(options.LogFile, append: true) { AutoFlush = true };
        file?.WriteLine($"> {command.ToDisplayString()}");
        void Collect(string line, bool error)
        {
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > TailLines) tail.Dequeue();
                file?.WriteLine(session.Secrets.Redact(line));
            }
            if (file is null) session.Logger.Write(options.OutputLevel, error ? "  ! {Line}" : "  {Line}", line);
        }

        var running = command
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.Merge(command.StandardOutputPipe, PipeTarget.ToDelegate(l => Collect(l, false))))
            .WithStandardErrorPipe(PipeTarget.Merge(command.StandardErrorPipe, PipeTarget.ToDelegate(l => Collect(l, true))));
        var result = await running.ExecuteAsync(options.Cancellation ?? session.TargetCancellation);
        if (result.ExitCode != 0 && command.Validation.HasFlag(CommandResultValidation.ZeroExitCode))
        {
            string[] lines;
            lock (tail) lines = tail.ToArray();
            throw Failure(command, result.ExitCode, string.Join(Environment.NewLine, lines), options.LogFile);
        }
        return result;
    }

    /// <summary>Runs a command and returns its output (queries such as versions); logged at Verbose, not streamed.</summary>
    public async Task<BufferedCommandResult> CaptureAsync(Command command)
    {
        command = command.WithRedactor(session.Secrets);
        if (Plan(command, query: true)) return new BufferedCommandResult(0, DateTimeOffset.Now, DateTimeOffset.Now, "", "");
        var result = await command.WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(session.TargetCancellation);
        session.Logger.Verbose("  exit {ExitCode}: {Output}", result.ExitCode, result.StandardOutput.Trim());
        if (result.ExitCode != 0 && command.Validation.HasFlag(CommandResultValidation.ZeroExitCode))
            throw Failure(command, result.ExitCode, (result.StandardError + result.StandardOutput).Trim());
        return result;
    }

    /// <summary>
    /// Logs the command (queries at Debug, so version probes don't drown the log); in a dry run, records and prints
    /// it and returns true (the caller must not run it).
    /// </summary>
    private bool Plan(Command command, bool query)
    {
        var display = command.ToDisplayString();
        var environment = command.DescribeEnvironmentChanges();
        if (!session.IsDryRun)
        {
            session.Logger.Write(query ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Information, "> {Command}", display);
            session.Logger.Verbose("  @ {Directory}", command.WorkingDirPath);
            foreach (var change in environment) session.Logger.Verbose("  env {Change}", change);
            return false;
        }

        var planned = new PlannedCommand(command.TargetFilePath, command.ArgumentList, command.WorkingDirPath, environment)
        {
            ShellLine = ShellLine(command, display),
        };
        lock (_lock)
        {
            if (_planned.Count == 0) File.WriteAllText(session.TemporaryDirectory.CreateDirectory() / "dry-run.sh", "#!/bin/sh\n# Commands a --dry-run would have run, in order.\nset -e\n");
            _planned.Add(planned);
            File.AppendAllText(session.TemporaryDirectory / "dry-run.sh", planned.ShellLine + "\n");
        }
        session.Logger.Information("[dry-run] {Command}", planned.ShellLine);
        return true;
    }

    private static string ShellLine(Command command, string display)
    {
        // GNU env takes its -u options before the assignments; after them "-u" would be run as the command.
        var variables = command.EnvironmentVariables.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        var env = variables.Where(e => e.Value is null).Select(e => $"-u {e.Key}")
            .Concat(variables.Where(e => e.Value is not null).Select(e => command.Redact($"{e.Key}={ShellQuoting.Quote(e.Value!)}")))
            .ToList();
        var body = env.Count == 0 ? display : $"env {string.Join(' ', env)} {display}";
        return $"(cd {ShellQuoting.Quote(command.WorkingDirPath)} && {body})";
    }

    private ToolFailure Failure(Command command, int exitCode, string output, string? logFile = null)
    {
        var message = $"'{command.ToDisplayString()}' exited with code {exitCode} (in {command.WorkingDirPath}).";
        if (logFile is not null) message += $" Full log: {logFile}";
        if (output.Length > 0) message += $"{Environment.NewLine}Last output:{Environment.NewLine}{session.Secrets.Redact(output)}";
        return new ToolFailure(message, exitCode);
    }
}
