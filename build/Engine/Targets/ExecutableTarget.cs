namespace RedoxBuild.Engine;

/// <summary>
/// A target ready for planning: its declarations resolved to other targets, plus its run state.
/// Dependency lists follow Nuke: execution (DependsOn + reverse DependentFor), ordering (After + reverse Before),
/// trigger dependencies (TriggeredBy + reverse Triggers) and triggers (Triggers + reverse TriggeredBy).
/// </summary>
public sealed class ExecutableTarget
{
    public ExecutableTarget(string name, int declarationIndex)
    {
        Name = name;
        DeclarationIndex = declarationIndex;
    }

    public string Name { get; }
    public int DeclarationIndex { get; }
    public string? Description { get; init; }
    public bool Listed { get; init; } = true;
    public bool IsDefault { get; set; }
    public bool Invoked { get; set; }

    public List<ExecutableTarget> ExecutionDependencies { get; } = [];
    public List<ExecutableTarget> OrderDependencies { get; } = [];
    public List<ExecutableTarget> TriggerDependencies { get; } = [];
    public List<ExecutableTarget> Triggers { get; } = [];

    public IReadOnlyList<TargetCondition> StaticConditions { get; init; } = [];
    public IReadOnlyList<TargetCondition> DynamicConditions { get; init; } = [];
    public IReadOnlyList<TargetRequirement> Requirements { get; init; } = [];
    public IReadOnlyList<Func<Task>> Actions { get; init; } = [];
    public IReadOnlyList<string> ProducedPatterns { get; init; } = [];
    public DependencyBehavior SkipBehavior { get; init; } = DependencyBehavior.Skip;
    public bool ProceedAfterFailure { get; init; }
    public bool AssuredAfterFailure { get; init; }

    public IEnumerable<ExecutableTarget> AllDependencies =>
        ExecutionDependencies.Concat(OrderDependencies).Concat(TriggerDependencies).Distinct();

    // Run state, written by the executor.
    public ExecutionStatus Status { get; set; }
    public TimeSpan Duration { get; set; }
    public string? SkipReason { get; set; }
    public string? FailureReason { get; set; }
    public List<KeyValuePair<string, string>> SummaryInformation { get; } = [];

    public override string ToString() => Name;
}
