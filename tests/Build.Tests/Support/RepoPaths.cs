namespace RedoxBuild.Tests.Support;

/// <summary>Where the repository and the shared reference material (../shared) are, seen from a test run.</summary>
public static class RepoPaths
{
    /// <summary>The repository root: the first ancestor of the test binaries that holds RedoxBuild.slnx.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The shared reference folder (toml-test, blake3 vectors). REDOX_SHARED wins; otherwise a 'shared' folder beside
    /// the repository or any of its ancestors (a clean clone in /tmp has none, so /work/shared is the last resort).
    /// Null when absent: tests then skip locally and fail under CI=true.
    /// </summary>
    public static string? Shared { get; } = FindShared();

    public static string RequireShared(string relative)
    {
        var path = Shared is null ? null : Path.Combine(Shared, relative);
        if (path is not null && (File.Exists(path) || Directory.Exists(path))) return path;
        throw new InvalidOperationException(
            $"Shared reference '{relative}' not found (looked in REDOX_SHARED, ../shared beside the checkout, /work/shared). Set REDOX_SHARED to the folder holding toml-test/ and blake3/.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RedoxBuild.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No RedoxBuild.slnx above {AppContext.BaseDirectory}");
    }

    private static string? FindShared()
    {
        var fromEnv = Environment.GetEnvironmentVariable("REDOX_SHARED");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv)) return Path.GetFullPath(fromEnv);
        for (var dir = new DirectoryInfo(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "toml-test"))) return candidate;
        }
        return Directory.Exists("/work/shared/toml-test") ? "/work/shared" : null;
    }
}
