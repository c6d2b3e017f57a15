using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace RedoxBuild.Engine;

/// <summary>The fluent surface a target delegate records itself on, with Nuke's member names and meanings.</summary>
public interface ITargetDefinition
{
    /// <summary>Text shown by --help.</summary>
    ITargetDefinition Description(string description);

    /// <summary>Hide the target from --help (it can still be invoked).</summary>
    ITargetDefinition Unlisted();

    /// <summary>Actions, run in order.</summary>
    ITargetDefinition Executes(params Action[] actions);

    /// <summary>An asynchronous action; it is awaited before the next one starts.</summary>
    ITargetDefinition Executes(Func<Task> action);

    /// <summary>An action whose result is ignored; a returned task is awaited (avoids nuke#1216).</summary>
    ITargetDefinition Executes<T>(Func<T> action);

    /// <summary>Execution dependencies: they are pulled into the plan and run first.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>Reverse execution dependency: the given targets depend on this one.</summary>
    ITargetDefinition DependentFor(params Target[] targets);

    /// <summary>Ordering only: run after the given targets when both are in the plan; pulls nothing in.</summary>
    ITargetDefinition After(params Target[] targets);

    /// <summary>Ordering only: run before the given targets when both are in the plan; pulls nothing in.</summary>
    ITargetDefinition Before(params Target[] targets);

    /// <summary>When this target is in the plan, the given targets are added after it.</summary>
    ITargetDefinition Triggers(params Target[] targets);

    /// <summary>When any of the given targets is in the plan, this target is added after it.</summary>
    ITargetDefinition TriggeredBy(params Target[] targets);

    /// <summary>A condition evaluated for every plan target before anything runs; false skips the target.</summary>
    ITargetDefinition OnlyWhenStatic(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? expression = null);

    /// <summary>A condition evaluated right before the target runs; false skips it.</summary>
    ITargetDefinition OnlyWhenDynamic(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? expression = null);

    /// <summary>What happens to dependencies when this target is skipped.</summary>
    ITargetDefinition WhenSkipped(DependencyBehavior behavior);

    /// <summary>Fail before anything runs when the member is null, empty or whitespace.</summary>
    ITargetDefinition Requires<T>(Expression<Func<T?>> member) where T : class;

    /// <summary>Fail before anything runs when the value-typed member has no value.</summary>
    ITargetDefinition Requires<T>(Expression<Func<T?>> member) where T : struct;

    /// <summary>Fail before anything runs when the condition is false.</summary>
    ITargetDefinition Requires(Expression<Func<bool>> condition);

    /// <summary>If this target fails, the build goes on (and still ends as failed).</summary>
    ITargetDefinition ProceedAfterFailure();

    /// <summary>Run this target even after another target failed or the build was cancelled.</summary>
    ITargetDefinition AssuredAfterFailure();

    /// <summary>Artifact globs this target produces (CI generation uploads them; execution ignores them).</summary>
    ITargetDefinition Produces(params string[] patterns);
}
