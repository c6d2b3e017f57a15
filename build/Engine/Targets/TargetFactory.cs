using System.Linq.Expressions;
using System.Reflection;

namespace RedoxBuild.Engine;

/// <summary>Turns the Target properties of a build object into executable targets with resolved dependencies.</summary>
public static class TargetFactory
{
    private const BindingFlags AllInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    public static IReadOnlyList<ExecutableTarget> CreateAll(
        object build, IReadOnlyCollection<string> defaultTargetNames, Func<MemberExpression, string> describeMember)
    {
        var properties = FindTargetProperties(build.GetType());
        var entries = properties
            .Select((p, i) => (Property: p, Delegate: (Target)p.GetValue(build)!, Definition: new TargetDefinition(describeMember), Index: i))
            .ToList();

        foreach (var e in entries) e.Delegate(e.Definition);

        var targets = entries.Select(e => new ExecutableTarget(TargetName(e.Property), e.Index)
        {
            Description = e.Definition.DescriptionText,
            Listed = e.Definition.IsListed,
            StaticConditions = e.Definition.StaticConditions.ToList(),
            DynamicConditions = e.Definition.DynamicConditions.ToList(),
            Requirements = e.Definition.Requirements.ToList(),
            Actions = e.Definition.Actions.ToList(),
            ProducedPatterns = e.Definition.ProducedPatterns.ToList(),
            SkipBehavior = e.Definition.SkipBehavior,
            ProceedAfterFailure = e.Definition.ProceedsAfterFailure,
            AssuredAfterFailure = e.Definition.IsAssuredAfterFailure,
            IsDefault = defaultTargetNames.Contains(TargetName(e.Property), StringComparer.Ordinal),
        }).ToList();

        ExecutableTarget Resolve(Target d, ExecutableTarget from)
        {
            // Identity is delegate equality: the property returns a new delegate per read (same method, same target).
            var index = entries.FindIndex(e => e.Delegate.Equals(d));
            if (index < 0) throw new BuildConfigurationException($"Target '{from.Name}' refers to a target that is not a Target property of {build.GetType().Name}.");
            return targets[index];
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var (definition, target) = (entries[i].Definition, targets[i]);
            foreach (var d in definition.DependsOnTargets) AddUnique(target.ExecutionDependencies, Resolve(d, target));
            foreach (var d in definition.DependentForTargets) AddUnique(Resolve(d, target).ExecutionDependencies, target);
            foreach (var d in definition.AfterTargets) AddUnique(target.OrderDependencies, Resolve(d, target));
            foreach (var d in definition.BeforeTargets) AddUnique(Resolve(d, target).OrderDependencies, target);
            foreach (var d in definition.TriggeredByTargets)
            {
                var source = Resolve(d, target);
                AddUnique(target.TriggerDependencies, source);
                AddUnique(source.Triggers, target);
            }
            foreach (var d in definition.TriggersTargets)
            {
                var triggered = Resolve(d, target);
                AddUnique(target.Triggers, triggered);
                AddUnique(triggered.TriggerDependencies, target);
            }
        }

        foreach (var t in targets.Where(t => t.AllDependencies.Contains(t) || t.Triggers.Contains(t)))
            throw new BuildConfigurationException($"Target '{t.Name}' depends on itself.");

        return targets;
    }

    /// <summary>Target properties of the class hierarchy (most derived wins) and of implemented interfaces, by name.</summary>
    internal static IReadOnlyList<PropertyInfo> FindTargetProperties(Type buildType)
    {
        var byName = new Dictionary<string, PropertyInfo>(StringComparer.OrdinalIgnoreCase);
        var ordered = new List<PropertyInfo>();
        foreach (var property in DeclaredProperties(buildType)
                     .Concat(buildType.GetInterfaces().SelectMany(i => i.GetProperties(AllInstance)))
                     .Where(p => p.PropertyType == typeof(Target) && p.GetIndexParameters().Length == 0))
        {
            var name = TargetName(property);
            if (byName.TryGetValue(name, out var existing))
            {
                // An explicit or overriding implementation and the member it implements describe one target.
                if (IsSameTarget(existing, property)) continue;
                throw new BuildConfigurationException(
                    $"Two targets are named '{name}': {existing.DeclaringType?.Name}.{existing.Name} and {property.DeclaringType?.Name}.{property.Name}. Target names must be unique (case-insensitive).");
            }
            byName[name] = property;
            ordered.Add(property);
        }
        return ordered.OrderBy(p => DeclarationOrder(buildType, p)).ToList();
    }

    /// <summary>
    /// Properties of the type and all its base classes, private ones included: GetProperties on a derived type leaves
    /// out its bases' private members, and targets are usually private.
    /// </summary>
    public static IEnumerable<PropertyInfo> DeclaredProperties(Type type)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            foreach (var p in t.GetProperties(AllInstance | BindingFlags.DeclaredOnly))
                yield return p;
    }

    public static string TargetName(PropertyInfo property)
    {
        var name = property.Name;
        var dot = name.LastIndexOf('.');
        return dot >= 0 ? name[(dot + 1)..] : name;
    }

    private static bool IsSameTarget(PropertyInfo a, PropertyInfo b) =>
        a.DeclaringType!.IsInterface || b.DeclaringType!.IsInterface || a.GetMethod?.GetBaseDefinition() == b.GetMethod?.GetBaseDefinition();

    // Declaration order within a partial class follows metadata tokens; base classes come after the derived class.
    private static long DeclarationOrder(Type buildType, PropertyInfo p)
    {
        var depth = 0;
        for (var t = buildType; t is not null && t != p.DeclaringType; t = t.BaseType) depth++;
        if (p.DeclaringType!.IsInterface) depth = 1000;
        return ((long)depth << 32) + (p.MetadataToken & 0xFFFFFF);
    }

    private static void AddUnique(List<ExecutableTarget> list, ExecutableTarget item)
    {
        if (!list.Contains(item)) list.Add(item);
    }

    /// <summary>The member name a default-target expression such as <c>x => x.Compile</c> points at.</summary>
    public static string MemberName(LambdaExpression expression) =>
        expression.Body is MemberExpression m ? m.Member.Name
            : throw new BuildConfigurationException($"Default target expression '{expression}' must be a property access like x => x.Compile.");
}

/// <summary>The build class itself is wrong (duplicate names, self-dependencies, cycles); the message says how to fix it.</summary>
public sealed class BuildConfigurationException(string message) : Exception(message);
