namespace RedoxBuild.CliWrap;

/// <summary>
/// Builds the environment changes of a command: a value sets or overrides a variable inherited from this process,
/// a null value removes it from the child's environment.
/// </summary>
public sealed class EnvironmentVariablesBuilder
{
    private readonly Dictionary<string, string?> _variables = new(EnvironmentNames.Comparer);

    /// <summary>Sets a variable; null removes it from the child's environment.</summary>
    public EnvironmentVariablesBuilder Set(string name, string? value)
    {
        EnvironmentNames.Validate(name, value);
        _variables[name] = value;
        return this;
    }

    /// <summary>Removes a variable from the child's environment (the same as setting it to null).</summary>
    public EnvironmentVariablesBuilder Unset(string name) => Set(name, null);

    /// <summary>Sets several variables.</summary>
    public EnvironmentVariablesBuilder Set(IEnumerable<KeyValuePair<string, string?>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (var (name, value) in variables)
            Set(name, value);
        return this;
    }

    /// <summary>Sets several variables, e.g. the ones a command already has.</summary>
    public EnvironmentVariablesBuilder Set(IReadOnlyDictionary<string, string?> variables) =>
        Set((IEnumerable<KeyValuePair<string, string?>>)variables);

    /// <summary>A snapshot of the variables set so far.</summary>
    public IReadOnlyDictionary<string, string?> Build() => new Dictionary<string, string?>(_variables, EnvironmentNames.Comparer).AsReadOnly();
}

internal static class EnvironmentNames
{
    // Environment names are case-sensitive everywhere except Windows.
    public static StringComparer Comparer { get; } = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    public static void Validate(string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Contains('=') || name.Contains('\0'))
            throw new ArgumentException($"'{name}' is not a valid environment variable name: it must be non-empty and contain neither '=' nor NUL.", nameof(name));
        if (value is not null && value.Contains('\0'))
            throw new ArgumentException($"The value of environment variable '{name}' contains a NUL character, which the environment block cannot hold.", nameof(value));
    }

    public static IReadOnlyDictionary<string, string?> Snapshot(IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var copy = new Dictionary<string, string?>(EnvironmentNames.Comparer);
        foreach (var (name, value) in variables)
        {
            Validate(name, value);
            copy[name] = value;
        }

        return copy.AsReadOnly();
    }
}
