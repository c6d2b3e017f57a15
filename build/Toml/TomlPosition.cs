namespace RedoxBuild.Toml;

/// <summary>
/// Where something starts in a TOML source: 1-based line and 1-based column, the column counted in characters
/// (Unicode scalar values), not bytes, so it matches what an editor shows.
/// </summary>
public readonly record struct TomlPosition(string File, int Line, int Column)
{
    /// <summary>The <c>file:line:column</c> form that compilers use and editors can jump to.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
