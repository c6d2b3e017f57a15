namespace RedoxBuild.Toml;

/// <summary>
/// A value in a parsed TOML document. Every node knows where it was written so that later validation can point at
/// the exact spot. Two nodes are equal when they hold the same data parsed from the same place.
/// </summary>
public abstract record TomlNode
{
    private protected TomlNode(TomlPosition position) => Position = position;

    /// <summary>
    /// Where the value starts. For a table made by a <c>[header]</c> this is the header's bracket; for a table that
    /// only exists because a longer header or dotted key passes through it, the first key that named it.
    /// </summary>
    public TomlPosition Position { get; private protected set; }

    /// <summary>TOML's own word for the kind of value ("string", "integer", "table"...), used in messages.</summary>
    public abstract string TypeName { get; }
}

public sealed record TomlString(string Value, TomlPosition Position) : TomlNode(Position)
{
    public override string TypeName => "string";
}

public sealed record TomlInteger(long Value, TomlPosition Position) : TomlNode(Position)
{
    public override string TypeName => "integer";
}

public sealed record TomlFloat(double Value, TomlPosition Position) : TomlNode(Position)
{
    public override string TypeName => "float";
}

public sealed record TomlBoolean(bool Value, TomlPosition Position) : TomlNode(Position)
{
    public override string TypeName => "boolean";
}

/// <summary>
/// An offset date-time such as <c>1979-05-27T07:32:00.999999-07:00</c>. <see cref="Value"/> keeps 100 ns ticks
/// (further digits are truncated, as TOML asks); <see cref="Text"/> is the source text with every digit written.
/// </summary>
public sealed record TomlOffsetDateTime(DateTimeOffset Value, string Text, TomlPosition Position) : TomlNode(Position)
{
    public override string TypeName => "offset date-time";
}

/// <summary>A date-time without offset; <see cref="Value"/> has <see cref="DateTimeKind.Unspecified"/>.</summary>
public sealed record TomlLocalDateTime(DateTime Value, string Text, TomlPosition Position) : TomlNode(Position)
{
    public override string TypeName => "local date-time";
}

public sealed record TomlLocalDate(DateOnly Value, string Text, TomlPosition Position) : TomlNode(Position)
{
    public override string TypeName => "local date";
}

/// <summary>A time of day; <see cref="Text"/> keeps fractional seconds beyond the 100 ns of <see cref="Value"/>.</summary>
public sealed record TomlLocalTime(TimeOnly Value, string Text, TomlPosition Position) : TomlNode(Position)
{
    public override string TypeName => "local time";
}
