namespace RedoxBuild.Toml;

/// <summary>
/// A TOML document that is not valid TOML 1.0, or a value that does not have the shape its reader asked for.
/// The message starts with <c>file:line:column: </c> so it can be printed as is.
/// </summary>
public sealed class TomlException : Exception
{
    public TomlException(TomlPosition position, string reason)
        : base($"{position}: {reason}")
    {
        Position = position;
        Reason = reason;
    }

    public TomlPosition Position { get; }

    public string File => Position.File;

    public int Line => Position.Line;

    public int Column => Position.Column;

    /// <summary>The message without its position prefix.</summary>
    public string Reason { get; }
}
