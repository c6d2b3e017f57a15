namespace RedoxBuild.Engine.CI;

/// <summary>A generated workflow: triggers, concurrency, jobs. Records, written by <see cref="WorkflowWriter"/>.</summary>
public sealed record Workflow(string Name, WorkflowTriggers Triggers, bool CancelInProgress, IReadOnlyList<WorkflowJob> Jobs);

public sealed record WorkflowTriggers(
    IReadOnlyList<string> Short,
    PushTrigger? Push,
    PullRequestTrigger? PullRequest,
    IReadOnlyList<(string Name, bool Required)> DispatchInputs,
    string? Cron);

public sealed record PushTrigger(IReadOnlyList<string> Branches, IReadOnlyList<string> BranchesIgnore, IReadOnlyList<string> Tags, IReadOnlyList<string> Paths, IReadOnlyList<string> PathsIgnore);

public sealed record PullRequestTrigger(IReadOnlyList<string> Branches, IReadOnlyList<string> Paths, IReadOnlyList<string> PathsIgnore);

public sealed record WorkflowJob(string Id, string Name, string RunsOn, int TimeoutMinutes, IReadOnlyList<(string Axis, IReadOnlyList<string> Values)> Matrix, IReadOnlyList<WorkflowStep> Steps);

/// <summary>A step of a job.</summary>
public abstract record WorkflowStep;

public sealed record CheckoutStep(string Action, int FetchDepth, bool Submodules) : WorkflowStep;

/// <summary>A cache step; <see cref="RestoreKey"/> lets a changed key start from the newest earlier cache instead of nothing.</summary>
public sealed record CacheStep(string Action, IReadOnlyList<string> Paths, string Key, string RestoreKey) : WorkflowStep;

public sealed record RunStep(string Name, string Command, IReadOnlyList<(string Name, string Value)> Environment) : WorkflowStep;

public sealed record ArtifactStep(string Action, string Name, string Path, string? Condition) : WorkflowStep;

public sealed record RawSteps(string Yaml) : WorkflowStep;
