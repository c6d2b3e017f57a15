namespace RedoxBuild.Benchmarks.Toml;

/// <summary>
/// The valid files of toml-test's TOML 1.0.0 list, read into memory once so that benchmarks time parsing alone.
/// Found through REDOX_SHARED or a 'shared' folder beside any ancestor of the benchmark binaries or the current
/// directory (the same search the tests use).
/// </summary>
public sealed record TomlCorpus(IReadOnlyList<(string Name, byte[] Bytes)> Files)
{
    private const string ListFile = "toml-test/tests/files-toml-1.0.0";

    public long TotalBytes => Files.Sum(file => (long)file.Bytes.Length);

    public static TomlCorpus Load()
    {
        var list = FindList();
        var suite = Path.GetDirectoryName(list)!;
        var files = File.ReadLines(list)
            .Where(line => line.StartsWith("valid/", StringComparison.Ordinal) && line.EndsWith(".toml", StringComparison.Ordinal))
            .Select(name => (name, File.ReadAllBytes(Path.Combine(suite, name))))
            .ToList();
        return new TomlCorpus(files);
    }

    private static string FindList()
    {
        var fromEnv = Environment.GetEnvironmentVariable("REDOX_SHARED");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(Path.Combine(fromEnv, ListFile)))
            return Path.Combine(fromEnv, ListFile);
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", ListFile);
                if (File.Exists(candidate)) return candidate;
            }
        throw new InvalidOperationException(
            $"'{ListFile}' not found in REDOX_SHARED or a 'shared' folder above {AppContext.BaseDirectory}; set REDOX_SHARED to the folder holding toml-test/.");
    }
}
