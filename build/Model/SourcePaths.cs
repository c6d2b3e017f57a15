namespace RedoxBuild.Model;

/// <summary>
/// Names files the way messages and annotations should: relative to the repository root (with '/') when inside it,
/// absolute otherwise. Positions in recipes and profiles carry these names, so GitHub can attach annotations.
/// </summary>
public sealed record SourcePaths(string Root)
{
    private readonly string _root = Path.GetFullPath(Root).TrimEnd(Path.DirectorySeparatorChar);

    public string Display(string path)
    {
        var full = Path.GetFullPath(path);
        return full == _root ? "."
            : full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full[(_root.Length + 1)..].Replace('\\', '/')
            : full;
    }
}
