namespace RedoxBuild.Engine.Tests.Support;

/// <summary>Golden files for generated text; UPDATE_GOLDEN=1 rewrites them (review the diff before committing).</summary>
public static class Golden
{
    public static string Root { get; } = FindRoot();

    public static void AssertMatches(string relativePath, string actual)
    {
        var path = Path.Combine(Root, relativePath);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        File.Exists(path).Should().BeTrue($"golden file {relativePath} must exist (run once with UPDATE_GOLDEN=1)");
        actual.Should().Be(File.ReadAllText(path), $"{relativePath} is stale: rerun with UPDATE_GOLDEN=1 and review the diff");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RedoxBuild.slnx"))) return dir.FullName;
        throw new InvalidOperationException("RedoxBuild.slnx not found above the test binaries");
    }
}
