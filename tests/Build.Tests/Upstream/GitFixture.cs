using System.Diagnostics;

namespace RedoxBuild.Tests.Upstream;

/// <summary>
/// Real git repositories in a temporary folder: a bare "upstream", clones of it, commits. Git runs with the
/// user's and system configuration switched off and a fixed identity, so tests behave the same on every machine.
/// </summary>
public sealed class GitFixture : IDisposable
{
    public static readonly IReadOnlyDictionary<string, string?> Identity = new Dictionary<string, string?>
    {
        ["GIT_AUTHOR_NAME"] = "Ada Author",
        ["GIT_AUTHOR_EMAIL"] = "ada@example.org",
        ["GIT_COMMITTER_NAME"] = "Ada Author",
        ["GIT_COMMITTER_EMAIL"] = "ada@example.org",
    };

    public GitFixture() => Root = Directory.CreateTempSubdirectory("redox-upstream-test-").FullName;

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>A bare repository with one commit holding <paramref name="files"/> on master; returns (path, commit).</summary>
    public (string Path, string Commit) CreateUpstream(string name, IReadOnlyDictionary<string, string> files)
    {
        var bare = PathOf(name + ".git");
        Run(Root, "init", "--quiet", "--bare", "--initial-branch=master", bare);
        var seed = PathOf(name + "-seed");
        Run(Root, "init", "--quiet", "--initial-branch=master", seed);
        Write(seed, files);
        Run(seed, "add", "--all");
        Run(seed, "commit", "--quiet", "-m", "Initial import");
        Run(seed, "push", "--quiet", bare, "master");
        return (bare, Run(seed, "rev-parse", "HEAD"));
    }

    public string Clone(string source, string name)
    {
        var target = PathOf(name);
        Run(Root, "clone", "--quiet", source, target);
        return target;
    }

    /// <summary>Writes files (relative paths, '\0' content deletes) and commits them; returns the commit.</summary>
    public string Commit(string repository, string message, IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, string?>? author = null)
    {
        Write(repository, files);
        Run(repository, "add", "--all");
        Run(repository, author, "commit", "--quiet", "-m", message);
        return Run(repository, "rev-parse", "HEAD");
    }

    public static void Write(string repository, IReadOnlyDictionary<string, string> files)
    {
        foreach (var (relative, content) in files)
        {
            var path = Path.Combine(repository, relative);
            if (content == "\0")
            {
                File.Delete(path);
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
    }

    public string Run(string directory, params string[] arguments) => Run(directory, null, arguments);

    public string Run(string directory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var (code, output, error) = TryRun(directory, environment, arguments);
        if (code != 0) throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({code}) in {directory}:\n{error}{output}");
        return output.TrimEnd('\n');
    }

    public static (int Code, string Output, string Error) TryRun(string directory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["LC_ALL"] = "C";
        foreach (var (name, value) in Identity.Concat(environment ?? new Dictionary<string, string?>()))
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
