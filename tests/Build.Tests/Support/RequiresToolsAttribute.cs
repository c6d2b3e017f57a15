namespace RedoxBuild.Tests.Support;

/// <summary>
/// A fact that needs real host tools (sgdisk, qemu-system-x86_64, ...). Locally a missing tool skips the
/// test and says which; with CI=true nothing is skipped, so the test runs and fails on the missing tool,
/// as DEVELOPERS.md asks (CI must never pass by skipping).
/// </summary>
public sealed class RequiresToolsFactAttribute : FactAttribute
{
    public RequiresToolsFactAttribute(params string[] tools) => Skip = HostTools.SkipReason(tools);
}

/// <summary>The theory twin of <see cref="RequiresToolsFactAttribute"/>.</summary>
public sealed class RequiresToolsTheoryAttribute : TheoryAttribute
{
    public RequiresToolsTheoryAttribute(params string[] tools) => Skip = HostTools.SkipReason(tools);
}

public static class HostTools
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Absolute path of a tool on PATH (or an absolute path that exists), else null.</summary>
    public static string? Find(string tool)
    {
        if (Path.IsPathRooted(tool)) return File.Exists(tool) || Directory.Exists(tool) ? tool : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                     .Concat(["/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The path of a required tool; throws a message naming the package when it is missing.</summary>
    public static string Require(string tool) =>
        Find(tool) ?? throw new InvalidOperationException(
            $"Test prerequisite '{tool}' is missing. Install it (see .ci/run for the apt packages); with CI=true this is a failure, not a skip.");

    internal static string? SkipReason(string[] tools)
    {
        if (IsCi) return null;
        var missing = tools.Where(t => Find(t) is null).ToArray();
        return missing.Length == 0 ? null : $"needs {string.Join(", ", missing)} (not installed here; CI installs it)";
    }
}
