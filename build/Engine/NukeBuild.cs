using Serilog;

namespace RedoxBuild.Engine;

/// <summary>Console verbosity; Serilog levels Verbose, Debug, Warning and Error respectively.</summary>
public enum Verbosity { Quiet, Minimal, Normal, Verbose }

/// <summary>Where the build runs; decides block and annotation syntax.</summary>
public enum HostKind { Terminal, [System.Runtime.Serialization.EnumMember(Value = "github-actions")] GitHubActions }

/// <summary>
/// Base class of a build, with Nuke's programming model. Unlike Nuke, nothing here is static: the runner attaches a
/// <see cref="BuildSession"/> right after construction, and every context member (RootDirectory, Host, Logger, ...)
/// reads it. Field initializers therefore cannot use them; use properties instead (see README, "Differences from Nuke").
/// </summary>
public abstract partial class NukeBuild
{
    private BuildSession? _session;

    /// <summary>Runs the build for this process's arguments and environment; returns the exit code for Main.</summary>
    protected static int Execute<T>(params System.Linq.Expressions.Expression<Func<T, Target>>[] defaultTargets) where T : NukeBuild, new() =>
        BuildRunner.Run(BuildInvocation.FromProcess(), defaultTargets);

    // Built-in parameters. Members have distinct names so a build may declare a target called Plan or a --profile of its own.
    [Parameter("Targets to invoke (also positional: ./build.sh A B). Default: {default_target}.", Name = "Target", Separator = '+', StrictEnvironment = true)]
    internal string[]? InvokedTargetNames { get; set; }

    [Parameter("Targets to skip; with no names, skips every target that was not invoked.", Name = "Skip", StrictEnvironment = true)]
    internal string[]? SkippedTargetNames { get; set; }

    [Parameter("Shows targets and parameters, then exits.", Name = "Help", StrictEnvironment = true)]
    internal bool HelpRequested { get; set; }

    [Parameter("Prints the ordered execution plan without running it.", Name = "Plan", StrictEnvironment = true)]
    internal bool PlanRequested { get; set; }

    [Parameter("Continues the previous failed attempt of the same invocation, skipping targets that succeeded.", Name = "Continue", StrictEnvironment = true)]
    internal bool ContinueRequested { get; set; }

    [Parameter("Console verbosity.", Name = "Verbosity", StrictEnvironment = true)]
    internal Verbosity VerbosityLevel { get; set; } = Verbosity.Normal;

    [Parameter("Host to format output for; detected from GITHUB_ACTIONS by default.", Name = "Host", StrictEnvironment = true)]
    internal HostKind? HostOverride { get; set; }

    [Parameter("Root directory of the build; by default the first parent folder holding .nuke/.", Name = "Root", StrictEnvironment = true)]
    internal AbsolutePath? RootOverride { get; set; }

    [Parameter("Prints every external command (program, arguments, directory, environment) instead of running it.", Name = "DryRun", StrictEnvironment = true)]
    internal bool DryRunRequested { get; set; }

    [Parameter("Extra parameter files .nuke/parameters.<name>.json to load; later ones win.", Name = "ParametersProfile", StrictEnvironment = true)]
    internal string[]? ParametersProfiles { get; set; }

    [Parameter("Writes one generated CI file (e.g. GitHubActions_ci) and stops.", Name = "GenerateConfiguration", StrictEnvironment = true)]
    internal string? GenerateConfiguration { get; set; }

    [Parameter("Fails when a generated CI file differs from what the build generates (always on for CI servers).", Name = "CheckConfiguration", StrictEnvironment = true)]
    internal bool CheckConfiguration { get; set; }

    [Parameter("Hides the one-line banner.", Name = "NoLogo", StrictEnvironment = true)]
    internal bool NoLogo { get; set; }

    internal BuildSession Session
    {
        get => _session ?? throw new InvalidOperationException("The build session is attached by the runner after construction; do not use it in field initializers.");
        set => _session = value;
    }

    public AbsolutePath RootDirectory => Session.RootDirectory;
    public AbsolutePath TemporaryDirectory => Session.TemporaryDirectory;

    /// <summary>Where the build was started from; relative paths the user typed resolve against it (like Nuke's EnvironmentInfo.WorkingDirectory).</summary>
    public AbsolutePath WorkingDirectory => AbsolutePath.Create(Session.WorkingDirectory);
    public HostKind Host => Session.Host.Kind;
    public bool IsServerBuild => Session.Host.IsServerBuild;
    public bool IsLocalBuild => !IsServerBuild;
    public Verbosity Verbosity => VerbosityLevel;
    public bool IsDryRun => DryRunRequested;
    public ILogger Logger => Session.Logger;

    /// <summary>The live status line on an interactive terminal (null elsewhere): long work says what it is doing.</summary>
    public StatusLine? Status => Session.Status;

    /// <summary>Runs external tools: logged, redacted, cancellable, and only printed under --dry-run.</summary>
    public Processes Processes => Session.Processes;
    public CancellationToken CancellationToken => Session.TargetCancellation;
    public IReadOnlyDictionary<string, string> EnvironmentVariables => Session.Environment;

    public IReadOnlyList<ExecutableTarget> ExecutableTargets { get; internal set; } = [];
    public IReadOnlyList<ExecutableTarget> ExecutionPlan { get; internal set; } = [];
    public IEnumerable<ExecutableTarget> InvokedTargets => ExecutionPlan.Where(t => t.Invoked);
    public IEnumerable<ExecutableTarget> SkippedTargets => ExecutionPlan.Where(t => t.Status == ExecutionStatus.Skipped);
    public IEnumerable<ExecutableTarget> ScheduledTargets => ExecutionPlan.Where(t => t.Status == ExecutionStatus.Scheduled);
    public IEnumerable<ExecutableTarget> RunningTargets => ExecutionPlan.Where(t => t.Status == ExecutionStatus.Running);
    public IEnumerable<ExecutableTarget> FailedTargets => ExecutionPlan.Where(t => t.Status == ExecutionStatus.Failed);
    public IEnumerable<ExecutableTarget> SucceededTargets => ExecutionPlan.Where(t => t.Status == ExecutionStatus.Succeeded);
    public IEnumerable<ExecutableTarget> FinishedTargets => ExecutionPlan.Where(t => t.Status is ExecutionStatus.Succeeded or ExecutionStatus.Failed or ExecutionStatus.Skipped or ExecutionStatus.Collective or ExecutionStatus.Aborted);

    public bool IsFailing => ExecutionPlan.Any(t => t.Status is ExecutionStatus.Failed or ExecutionStatus.Aborted or ExecutionStatus.NotRun);
    public bool IsSucceeding => !IsFailing;
    public bool IsFinished { get; internal set; }

    /// <summary>When set, the build returns this exit code instead of the one derived from target statuses.</summary>
    public int? ExitCode { get; set; }

    /// <summary>Adds key/value notes to the summary row of the running target ("// Image: 512 MiB").</summary>
    public void ReportSummary(Action<IDictionary<string, string>> configure)
    {
        var target = ExecutionPlan.FirstOrDefault(t => t.Status == ExecutionStatus.Running)
            ?? throw new InvalidOperationException("ReportSummary can only be called while a target runs.");
        var notes = new Dictionary<string, string>();
        configure(notes);
        foreach (var note in notes)
        {
            target.SummaryInformation.RemoveAll(n => n.Key == note.Key);
            target.SummaryInformation.Add(note);
        }
    }

    protected internal virtual void OnBuildCreated() { }
    protected internal virtual void OnBuildInitialized() { }
    protected internal virtual void OnBuildFinished() { }
    protected internal virtual void OnTargetRunning(string target) { }
    protected internal virtual void OnTargetSkipped(string target) { }
    protected internal virtual void OnTargetSucceeded(string target) { }
    protected internal virtual void OnTargetFailed(string target) { }
}
