namespace RedoxBuild.Engine;

/// <summary>
/// A target, declared as an expression-bodied property: <c>Target Compile => _ => _.DependsOn(Restore).Executes(...)</c>.
/// The delegate is invoked once at start-up against a recording definition; identity is delegate equality
/// (same method, same build object), because every read of the property returns a new delegate instance.
/// </summary>
public delegate ITargetDefinition Target(ITargetDefinition definition);

/// <summary>What happens to a skipped target's execution dependencies and triggers.</summary>
public enum DependencyBehavior
{
    /// <summary>Skip them too, unless another scheduled target still needs them (Nuke's default).</summary>
    Skip,

    /// <summary>Run them anyway.</summary>
    Execute,
}

/// <summary>The life cycle of a target in one run, with Nuke's names.</summary>
public enum ExecutionStatus
{
    None,
    Scheduled,
    NotRun,
    Skipped,
    Succeeded,
    Failed,
    Running,
    Aborted,
    Collective,
}
