namespace RedoxBuild.Engine;

/// <summary>
/// Marks a field or property as a build parameter, bound from the command line (--kebab-name), then the environment
/// (SCREAMING_SNAKE, case- and underscore-insensitive), then .nuke/parameters.json, else the initializer stays.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string? description = null) : Attribute
{
    public string? Description { get; } = description;

    /// <summary>Overrides the member name (the CLI and env spellings derive from it).</summary>
    public string? Name { get; set; }

    /// <summary>Splits each value on this character, so --recipe a,b is two values.</summary>
    public char Separator { get; set; }

    /// <summary>False hides the parameter from --help.</summary>
    public bool List { get; set; } = true;

    /// <summary>Extra environment variable names that bind this parameter, e.g. CH_CPUS for --cpus.</summary>
    public string[] EnvironmentAliases { get; set; } = [];

    /// <summary>Bind from the environment only through these exact names and NUKE_&lt;NAME&gt; (for generic names).</summary>
    public bool StrictEnvironment { get; set; }
}

/// <summary>The value is a secret: never printed, redacted from command lines and logs, masked on CI.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;

/// <summary>The build fails before any target runs when this parameter has no value.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class RequiredAttribute : Attribute;
