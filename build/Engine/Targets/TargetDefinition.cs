using System.Linq.Expressions;

namespace RedoxBuild.Engine;

/// <summary>A condition with the source text it was written as, so a skip or failure can quote it.</summary>
public sealed record TargetCondition(Func<bool> Evaluate, string Text);

/// <summary>A precondition checked before anything runs; returns null when satisfied, else the failure message.</summary>
public sealed record TargetRequirement(Func<string?> Check, string Text);

/// <summary>Records what a target delegate declares. It has no behaviour of its own.</summary>
internal sealed class TargetDefinition(Func<MemberExpression, string> describeMember) : ITargetDefinition
{
    public string? DescriptionText { get; private set; }
    public bool IsListed { get; private set; } = true;
    public List<Func<Task>> Actions { get; } = [];
    public List<Target> DependsOnTargets { get; } = [];
    public List<Target> DependentForTargets { get; } = [];
    public List<Target> AfterTargets { get; } = [];
    public List<Target> BeforeTargets { get; } = [];
    public List<Target> TriggersTargets { get; } = [];
    public List<Target> TriggeredByTargets { get; } = [];
    public List<TargetCondition> StaticConditions { get; } = [];
    public List<TargetCondition> DynamicConditions { get; } = [];
    public List<TargetRequirement> Requirements { get; } = [];
    public List<string> ProducedPatterns { get; } = [];
    public DependencyBehavior SkipBehavior { get; private set; } = DependencyBehavior.Skip;
    public bool ProceedsAfterFailure { get; private set; }
    public bool IsAssuredAfterFailure { get; private set; }

    public ITargetDefinition Description(string description) => Do(() => DescriptionText = description);
    public ITargetDefinition Unlisted() => Do(() => IsListed = false);

    public ITargetDefinition Executes(params Action[] actions) =>
        Do(() => Actions.AddRange(actions.Select(a => (Func<Task>)(() => { a(); return Task.CompletedTask; }))));

    public ITargetDefinition Executes(Func<Task> action) => Do(() => Actions.Add(action));

    public ITargetDefinition Executes<T>(Func<T> action) => Do(() => Actions.Add(() =>
        // A method returning Task<T> binds here rather than to Func<Task>; await it instead of dropping it (nuke#1216).
        action() is Task task ? task : Task.CompletedTask));

    public ITargetDefinition DependsOn(params Target[] targets) => Do(() => DependsOnTargets.AddRange(targets));
    public ITargetDefinition DependentFor(params Target[] targets) => Do(() => DependentForTargets.AddRange(targets));
    public ITargetDefinition After(params Target[] targets) => Do(() => AfterTargets.AddRange(targets));
    public ITargetDefinition Before(params Target[] targets) => Do(() => BeforeTargets.AddRange(targets));
    public ITargetDefinition Triggers(params Target[] targets) => Do(() => TriggersTargets.AddRange(targets));
    public ITargetDefinition TriggeredBy(params Target[] targets) => Do(() => TriggeredByTargets.AddRange(targets));

    public ITargetDefinition OnlyWhenStatic(Func<bool> condition, string? expression = null) =>
        Do(() => StaticConditions.Add(new TargetCondition(condition, ConditionText(expression))));

    public ITargetDefinition OnlyWhenDynamic(Func<bool> condition, string? expression = null) =>
        Do(() => DynamicConditions.Add(new TargetCondition(condition, ConditionText(expression))));

    public ITargetDefinition WhenSkipped(DependencyBehavior behavior) => Do(() => SkipBehavior = behavior);

    public ITargetDefinition Requires<T>(Expression<Func<T?>> member) where T : class =>
        AddMemberRequirement(member.Body, () => member.Compile()() is { } value && !(value is string s && string.IsNullOrWhiteSpace(s)) && value is not Array { Length: 0 });

    public ITargetDefinition Requires<T>(Expression<Func<T?>> member) where T : struct =>
        AddMemberRequirement(member.Body, () => member.Compile()().HasValue);

    public ITargetDefinition Requires(Expression<Func<bool>> condition)
    {
        var text = condition.Body.ToString();
        return Do(() => Requirements.Add(new TargetRequirement(
            () => condition.Compile()() ? null : $"requires {text}", text)));
    }

    public ITargetDefinition ProceedAfterFailure() => Do(() => ProceedsAfterFailure = true);
    public ITargetDefinition AssuredAfterFailure() => Do(() => IsAssuredAfterFailure = true);
    public ITargetDefinition Produces(params string[] patterns) => Do(() => ProducedPatterns.AddRange(patterns));

    private ITargetDefinition AddMemberRequirement(Expression body, Func<bool> hasValue)
    {
        var unwrapped = body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : body;
        var text = unwrapped is MemberExpression m ? describeMember(m) : unwrapped.ToString();
        return Do(() => Requirements.Add(new TargetRequirement(() => hasValue() ? null : $"requires {text} to be set", text)));
    }

    // "() => IsServerBuild" reads better as "IsServerBuild" in a skip reason.
    private static string ConditionText(string? expression)
    {
        var text = (expression ?? "condition").Trim();
        return text.StartsWith("() =>", StringComparison.Ordinal) ? text[5..].Trim() : text;
    }

    private TargetDefinition Do(Action record)
    {
        record();
        return this;
    }
}
