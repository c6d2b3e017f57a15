namespace RedoxBuild.Engine;

/// <summary>An absolute, normalized file-system path with Nuke's <c>/</c> operator: <c>RootDirectory / "build" / "images"</c>.</summary>
public sealed class AbsolutePath : IEquatable<AbsolutePath>
{
    private readonly string _path;

    private AbsolutePath(string path) => _path = path;

    /// <summary>Creates a path; relative input is resolved against <paramref name="baseDirectory"/> (or the current directory).</summary>
    public static AbsolutePath Create(string path, string? baseDirectory = null)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("A path cannot be empty.", nameof(path));
        var expanded = path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "")
            : path;
        var full = Path.IsPathRooted(expanded) ? Path.GetFullPath(expanded) : Path.GetFullPath(expanded, baseDirectory ?? Directory.GetCurrentDirectory());
        return new AbsolutePath(full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar) : full);
    }

    public static AbsolutePath operator /(AbsolutePath left, string right) => Create(Path.Combine(left._path, right));

    public static implicit operator string(AbsolutePath path) => path._path;

    public AbsolutePath? Parent => Path.GetDirectoryName(_path) is { } parent ? new AbsolutePath(parent) : null;

    public string Name => Path.GetFileName(_path);

    public bool FileExists() => File.Exists(_path);

    public bool DirectoryExists() => Directory.Exists(_path);

    public bool Exists() => FileExists() || DirectoryExists();

    public AbsolutePath CreateDirectory()
    {
        Directory.CreateDirectory(_path);
        return this;
    }

    /// <summary>The path relative to <paramref name="basePath"/>, with forward slashes (stable across hosts).</summary>
    public string RelativeTo(AbsolutePath basePath) => Path.GetRelativePath(basePath._path, _path).Replace('\\', '/');

    public bool Contains(AbsolutePath other) =>
        other._path == _path || other._path.StartsWith(_path + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    public override string ToString() => _path;

    public bool Equals(AbsolutePath? other) => other is not null && other._path == _path;

    public override bool Equals(object? obj) => obj is AbsolutePath other && Equals(other);

    public override int GetHashCode() => _path.GetHashCode(StringComparison.Ordinal);
}
