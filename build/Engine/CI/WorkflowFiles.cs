using System.Reflection;

namespace RedoxBuild.Engine.CI;

/// <summary>
/// Keeps .github/workflows/*.yml in step with the [GitHubActions] attributes. Locally a changed file is rewritten
/// with a warning; on a CI server, or with --check-configuration, a difference fails the build (Nuke only warned,
/// which let stale workflows land). Only a source checkout (build/_build.csproj present) owns the files.
/// </summary>
internal static class WorkflowFiles
{
    public const string IdPrefix = "GitHubActions_";

    public static IReadOnlyList<(GitHubActionsAttribute Attribute, string Path, string Text)> Generate(
        BuildSession session, Type buildType, Func<IReadOnlyList<ExecutableTarget>> freshTargets, IReadOnlyList<ParameterDescriptor> parameters) =>
        buildType.GetCustomAttributes<GitHubActionsAttribute>(inherit: true)
            .Select(a => (a, (string)(session.RootDirectory / ".github" / "workflows" / a.FileName),
                WorkflowWriter.Write(WorkflowGenerator.Generate(a, freshTargets(), parameters))))
            .ToList();

    /// <summary>Writes the one named by --generate-configuration; returns false when no attribute has that id.</summary>
    public static bool WriteOne(IReadOnlyList<(GitHubActionsAttribute Attribute, string Path, string Text)> files, string id, Serilog.ILogger logger)
    {
        var match = files.FirstOrDefault(f => IdPrefix + f.Attribute.Name == id);
        if (match.Attribute is null) return false;
        Write(match.Path, match.Text);
        logger.Information("Wrote {Path}", match.Path);
        return true;
    }

    /// <summary>Checks every auto-generated file; returns the stale ones' messages when they must fail the build.</summary>
    public static IReadOnlyList<string> CheckOrUpdate(IReadOnlyList<(GitHubActionsAttribute Attribute, string Path, string Text)> files, bool failOnDifference, Serilog.ILogger logger)
    {
        var failures = new List<string>();
        foreach (var (attribute, path, text) in files.Where(f => f.Attribute.AutoGenerate))
        {
            var current = File.Exists(path) ? File.ReadAllText(path) : null;
            if (current == text) continue;
            var relative = Path.Combine(".github", "workflows", attribute.FileName);
            if (failOnDifference)
            {
                failures.Add($"{relative} is {(current is null ? "missing" : "stale")}: regenerate it with ./build.sh --generate-configuration {IdPrefix}{attribute.Name} and commit the result.");
                continue;
            }
            Write(path, text);
            logger.Warning("Configuration file {Path} was {Action} from the [GitHubActions] attribute; commit it", relative, current is null ? "created" : "regenerated");
        }
        return failures;
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
