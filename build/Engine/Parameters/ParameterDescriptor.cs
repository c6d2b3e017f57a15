using System.Reflection;
using System.Text;

namespace RedoxBuild.Engine;

/// <summary>One [Parameter] member with every spelling a user may type for it.</summary>
public sealed record ParameterDescriptor(
    MemberInfo Member,
    string Name,
    string? Description,
    Type ValueType,
    bool IsSecret,
    bool IsRequired,
    bool Listed,
    char Separator,
    IReadOnlyList<string> EnvironmentAliases,
    bool StrictEnvironment,
    bool IsBuiltIn)
{
    /// <summary>--direct-io for DirectIo.</summary>
    public string CliName => "--" + Naming.ToKebab(Name);

    /// <summary>DIRECT_IO for DirectIo (built-ins and strict parameters: NUKE_DIRECT_IO).</summary>
    public string EnvName => (StrictEnvironment ? "NUKE_" : "") + Naming.ToScreamingSnake(Name);

    public string NormalizedName => Naming.Normalize(Name);

    public bool IsFlag => Nullable.GetUnderlyingType(ValueType) is { } u ? u == typeof(bool) : ValueType == typeof(bool);

    public object? GetValue(object build) => Member switch
    {
        FieldInfo f => f.GetValue(build),
        PropertyInfo p => p.GetValue(build),
        _ => null,
    };

    public void SetValue(object build, object? value)
    {
        switch (Member)
        {
            case FieldInfo f: f.SetValue(build, value); break;
            case PropertyInfo { CanWrite: true } p: p.SetValue(build, value); break;
            case PropertyInfo p:
                // Get-only auto properties ({ get; } = default) are set through their compiler-generated backing field.
                var backing = p.DeclaringType!.GetField($"<{p.Name}>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)
                    ?? throw new BuildConfigurationException($"Parameter property '{p.Name}' has no setter and is not an auto property.");
                backing.SetValue(build, value);
                break;
        }
    }

    /// <summary>"--cpus (env CPUS)", the spelling used in every message about this parameter.</summary>
    public string Spelling => EnvironmentAliases.Count == 0 ? $"{CliName} (env {EnvName})" : $"{CliName} (env {EnvName} or {string.Join(", ", EnvironmentAliases)})";
}

/// <summary>Spelling conversions shared by the parser, the binder, help and schema.</summary>
public static class Naming
{
    /// <summary>Letters and digits only, lower case: --direct-io, DIRECT_IO and directio all become "directio".</summary>
    public static string Normalize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    public static string ToKebab(string pascal) => Split(pascal, '-').ToLowerInvariant();

    public static string ToScreamingSnake(string pascal) => Split(pascal, '_').ToUpperInvariant();

    private static string Split(string s, char separator)
    {
        var sb = new StringBuilder(s.Length + 4);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var boundary = i > 0 && char.IsUpper(c) &&
                (char.IsLower(s[i - 1]) || char.IsDigit(s[i - 1]) || (i + 1 < s.Length && char.IsLower(s[i + 1]) && char.IsUpper(s[i - 1])));
            if (boundary) sb.Append(separator);
            sb.Append(c == '_' || c == '-' ? separator : c);
        }
        return sb.ToString();
    }
}
