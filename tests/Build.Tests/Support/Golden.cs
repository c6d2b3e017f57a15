namespace RedoxBuild.Tests.Support;

/// <summary>
/// Golden-file assertions for generated text (help, schema, workflows). Set UPDATE_GOLDEN=1 to rewrite the files
/// after an intended change, then review the diff before committing.
/// </summary>
public static class Golden
{
    public static void AssertMatches(string relativePath, string actual)
    {
        var path = Path.Combine(RepoPaths.Root, relativePath);
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        File.Exists(path).Should().BeTrue($"golden file {relativePath} must exist (run the tests once with UPDATE_GOLDEN=1)");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        actual.Should().Be(expected, $"{relativePath} is stale: rerun with UPDATE_GOLDEN=1 and review the diff");
    }
}
