using System.Reflection;

namespace RedoxBuild.Engine;

/// <summary>
/// Binds [Parameter] members of a build object from its sources in precedence order (command line, environment,
/// parameter files). A member is assigned only when a source produced a value, so initializers are the defaults.
/// </summary>
public sealed class ParameterBinder(IReadOnlyList<IParameterSource> sources, ValueConverter converter, Action<string> warn)
{
    private const BindingFlags AllInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>Every [Parameter] member of the build type: the build's own first, then the engine's built-ins.</summary>
    public static IReadOnlyList<ParameterDescriptor> Describe(Type buildType)
    {
        var members = new List<ParameterDescriptor>();
        for (var type = buildType; type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var member in type.GetMembers(AllInstance | BindingFlags.DeclaredOnly).Where(m => m is FieldInfo or PropertyInfo))
            {
                if (member.GetCustomAttribute<ParameterAttribute>() is not { } attribute) continue;
                if (member is FieldInfo { Name: var n } && n.Contains("k__BackingField", StringComparison.Ordinal)) continue;
                var valueType = member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;
                var name = attribute.Name ?? member.Name;
                // An alias equal to the automatic spelling (GUEST_MAC for GuestMac) adds nothing; keep help and messages tidy.
                var aliases = attribute.EnvironmentAliases.Where(a => a != Naming.ToScreamingSnake(name)).ToList();
                members.Add(new ParameterDescriptor(
                    member, name, attribute.Description, valueType,
                    member.IsDefined(typeof(SecretAttribute)), member.IsDefined(typeof(RequiredAttribute)), attribute.List,
                    attribute.Separator, aliases, attribute.StrictEnvironment,
                    IsBuiltIn: member.DeclaringType == typeof(NukeBuild)));
            }
        }

        var duplicate = members.GroupBy(m => m.NormalizedName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new BuildConfigurationException($"Several parameters are spelled {duplicate.First().CliName}: {string.Join(", ", duplicate.Select(d => d.Member.Name))}.");
        return members.OrderBy(m => m.IsBuiltIn).ToList();
    }

    /// <summary>Assigns every parameter some source has a value for; returns the secrets that were bound.</summary>
    public IReadOnlyList<string> Bind(object build, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var secrets = new List<string>();
        foreach (var parameter in parameters)
        {
            var (source, found) = sources.Select(s => (Source: s, Value: s.TryGet(parameter))).FirstOrDefault(x => x.Value is not null);
            if (found is null) continue;
            var value = converter.Convert(parameter, found);
            parameter.SetValue(build, value);
            if (!parameter.IsSecret) continue;
            if (value is string secret) secrets.Add(secret);
            if (ExposureOf(source) is { } exposure)
                warn($"Secret parameter {parameter.CliName} was read from {found.Origin}: {exposure}. Set the environment variable {parameter.EnvName} instead.");
        }
        return secrets;
    }

    /// <summary>Why a secret from this source may leak; the environment is the one place a secret is expected.</summary>
    private static string? ExposureOf(IParameterSource source) => source switch
    {
        CommandLineSource => "command lines end up in shell history and in process lists other users can read",
        ParametersFileSource => "files under .nuke/ get committed and shared with the repository",
        _ => null,
    };

    /// <summary>
    /// A word after a boolean switch is a target name (./build.sh --plan Doctor) only when such a target exists;
    /// anything else was meant as the switch's value, so it is refused as one rather than reported as an unknown target.
    /// </summary>
    public static void RejectNonBooleanSwitchValues(ArgumentParser arguments, IReadOnlyList<ExecutableTarget> targets)
    {
        foreach (var (spelledSwitch, word) in arguments.WordsAfterSwitches)
        {
            if (targets.Any(t => ExecutionPlanner.Normalize(t.Name) == ExecutionPlanner.Normalize(word))) continue;
            var target = ExecutionPlanner.Suggest(targets, word);
            throw new ParameterException(
                $"{spelledSwitch} takes true or false (or nothing, meaning true); got '{word}'."
                + (target is null ? "" : $" If you meant the target {target}, name it before the options, e.g. ./build.sh {target} {spelledSwitch}."));
        }
    }

    /// <summary>Refuses command-line options that name no parameter, suggesting the closest spelling.</summary>
    public static void RejectUnknownOptions(ArgumentParser arguments, IReadOnlyList<ParameterDescriptor> parameters, IReadOnlyDictionary<string, string> shortAliases)
    {
        foreach (var (normalized, spelled) in arguments.Options)
        {
            if (parameters.Any(p => p.NormalizedName == normalized) || shortAliases.ContainsKey(normalized)) continue;
            var suggestion = parameters.Where(p => p.Listed)
                .Select(p => (p, Distance: EditDistance.Between(normalized, p.NormalizedName)))
                .Where(x => x.Distance <= Math.Max(2, normalized.Length / 3))
                .OrderBy(x => x.Distance).Select(x => x.p.CliName).FirstOrDefault();
            throw new ParameterException(
                $"Unknown parameter '{spelled}'.{(suggestion is null ? "" : $" Did you mean {suggestion}?")} Run ./build.sh --help to list the parameters.");
        }
    }
}
