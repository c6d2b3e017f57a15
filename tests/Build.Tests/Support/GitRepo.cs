using System.Diagnostics;

namespace RedoxBuild.Tests.Support;

/// <summary>Real git repositories for fetch tests: a bare "upstream" and a working clone to make commits with.</summary>
public sealed class GitRepo
{
    private GitRepo(string bare, string work)
    {
        Bare = bare;
        Work = work;
    }

    /// <summary>The bare repository recipes point at (a path URL).</summary>
    public string Bare { get; }

    /// <summary>A clone used to author commits, pushed to <see cref="Bare"/>.</summary>
    public string Work { get; }

    public static GitRepo Create(string parent, string name)
    {
        var bare = Path.Combine(parent, name + ".git");
        var work = Path.Combine(parent, name + "-work");
        Run(parent, "init", "--quiet", "--bare", "--initial-branch=main", bare);
        Run(parent, "clone", "--quiet", bare, work);
        return new GitRepo(bare, work);
    }

    /// <summary>Writes files, commits them, pushes to the bare repository and returns the commit id.</summary>
    public string Commit(string message, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(Work, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        Run(Work, "add", "-A");
        Run(Work, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "--quiet", "-m", message);
        Run(Work, "push", "--quiet", "origin", "HEAD:main");
        return Run(Work, "rev-parse", "HEAD").Trim();
    }

    public static string Run(string directory, params string[] args) => RunTool(directory, "git", args);

    /// <summary>Runs any tool in a directory and returns its output; a non-zero exit throws with its error output.</summary>
    public static string RunTool(string directory, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["GIT_CONFIG_COUNT"] = "1";
        start.Environment["GIT_CONFIG_KEY_0"] = "protocol.file.allow";
        start.Environment["GIT_CONFIG_VALUE_0"] = "always";
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {error}");
        return output;
    }
}
