using RedoxBuild.Engine;
using RedoxBuild.Toml;

namespace RedoxBuild.Model;

/// <summary>
/// A recipe, profile or plan the user has to fix: the message starts with <c>file:line:col: </c> when a place in a
/// file is to blame, and hosts turn that place into an annotation. Logged without a stack trace.
/// </summary>
public sealed class ModelException : BuildFailure, IHasSourceLocation
{
    public ModelException(TomlPosition? position, string reason, Exception? inner = null)
        : base(position is { } at ? $"{at}: {reason}" : reason, inner)
    {
        Position = position;
        Reason = reason;
    }

    /// <summary>Where the problem is; null when no single place is to blame (e.g. an unknown profile name).</summary>
    public TomlPosition? Position { get; }

    /// <summary>The message without its position prefix.</summary>
    public string Reason { get; }

    public SourceLocation? Location => Position is { } at ? new SourceLocation(at.File, at.Line, at.Column) : null;

    /// <summary>The parser's own error (invalid TOML, a value of the wrong kind), kept at its position.</summary>
    public static ModelException From(TomlException e) => new(e.Position, e.Reason, e);
}
