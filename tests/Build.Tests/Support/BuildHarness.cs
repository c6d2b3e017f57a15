using RedoxBuild.Engine;

namespace RedoxBuild.Tests.Support;

/// <summary>Runs the real Build in-process with given arguments and environment against a chosen root.</summary>
internal static class BuildHarness
{
    public sealed record Result(int ExitCode, string Out, string Error, Build Build);

    public static async Task<Result> RunAsync(string root, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var build = new Build();
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>());
        // A test may put stand-ins first on the build's PATH; otherwise the build sees the test process's PATH.
        env.TryAdd("PATH", Environment.GetEnvironmentVariable("PATH") ?? "");
        // Runs in a temporary root keep their per-user caches (binary cache, signing keys) there too, never in the
        // tester's ~/.cache or ~/.config, unless the test names its own.
        if (Path.GetFullPath(root).StartsWith(Path.GetFullPath(Path.GetTempPath()), StringComparison.Ordinal))
        {
            env.TryAdd("XDG_CACHE_HOME", Path.Combine(root, ".xdg", "cache"));
            env.TryAdd("XDG_CONFIG_HOME", Path.Combine(root, ".xdg", "config"));
        }
        var invocation = new BuildInvocation(args, env, root, output, error, Interactive: false);
        var code = await BuildRunner.RunAsync(invocation, () => build);
        return new Result(code, output.ToString(), error.ToString(), build);
    }

    /// <summary>A temporary root with an empty .nuke/, for runs that must not touch the repository.</summary>
    public static string CreateTemporaryRoot()
    {
        var root = Directory.CreateTempSubdirectory("redox-build-test-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        return root;
    }
}
