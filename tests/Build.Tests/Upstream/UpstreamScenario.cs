using RedoxBuild.Model;
using RedoxBuild.Tests.Support;
using RedoxBuild.Upstream;

namespace RedoxBuild.Tests.Upstream;

/// <summary>
/// A recipe "base" whose upstream is a local bare repository holding a small pcid driver, plus the repository root
/// where patches/base and build/sources/base live. Each test gets its own.
/// </summary>
internal sealed class UpstreamScenario : IDisposable
{
    public const string Recipe = "base";
    public const string MainRs = "drivers/pcid/src/main.rs";

    public UpstreamScenario()
    {
        Git = new GitFixture();
        RepositoryRoot = Directory.CreateDirectory(Git.PathOf("repo-root")).FullName;
        Directory.CreateDirectory(Path.Combine(RepositoryRoot, ".nuke"));
        (Upstream, Rev) = Git.CreateUpstream("upstream", new Dictionary<string, string>
        {
            [MainRs] = Lines(40, i => $"fn step_{i}() {{}}"),
            ["drivers/initfs.toml"] = "[[drivers]]\nname = \"virtio-blk\"\n",
            ["README.md"] = "# base\n",
        });
        Paths = new SourcePaths(RepositoryRoot);
    }

    public GitFixture Git { get; }

    public string RepositoryRoot { get; }

    public string Upstream { get; }

    public string Rev { get; }

    public SourcePaths Paths { get; }

    public string PatchDirectory => Path.Combine(RepositoryRoot, "patches", Recipe);

    public string Checkout => Path.Combine(RepositoryRoot, "build", "sources", Recipe);

    /// <summary>Lines "1: text" joined with newlines, ending with one.</summary>
    public static string Lines(int count, Func<int, string> line) => string.Concat(Enumerable.Range(1, count).Select(i => line(i) + "\n"));

    /// <summary>Clones upstream into build/sources/base (or elsewhere) as fetch will.</summary>
    public string CloneCheckout(string? path = null)
    {
        path ??= Checkout;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Git.Run(Git.Root, "clone", "--quiet", Upstream, path);
        return path;
    }

    /// <summary>Makes a commit on a side clone and writes it as a format-patch file into <paramref name="directory"/>.</summary>
    public string MakePatch(string directory, int number, string subject, Action<string> edit, Action<string>? prepare = null)
    {
        var work = Git.PathOf("author-" + Guid.NewGuid().ToString("N")[..8]);
        Git.Run(Git.Root, "clone", "--quiet", Upstream, work);
        if (prepare is not null)
        {
            prepare(work);
            Git.Run(work, "commit", "--quiet", "-am", "Preparation");
        }
        edit(work);
        Git.Run(work, "add", "--all");
        Git.Run(work, "commit", "--quiet", "-m", subject);
        Directory.CreateDirectory(directory);
        return Git.Run(work, "format-patch", "-1", "--start-number", number.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", directory, "HEAD");
    }

    /// <summary>Replaces line <paramref name="line"/> (1-based) of a file in <paramref name="repository"/>.</summary>
    public static void EditLine(string repository, string file, int line, string text)
    {
        var path = Path.Combine(repository, file);
        var lines = File.ReadAllLines(path);
        lines[line - 1] = text;
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
    }

    public (PatchSeriesApplier Applier, TestSession Session) Applier(IReadOnlyDictionary<string, string?>? userEnvironment = null)
    {
        var session = TestSession.Create(RepositoryRoot);
        return (new PatchSeriesApplier(session.Processes, Checkout, Paths, userEnvironment ?? GitFixture.Identity), session);
    }

    public PatchSeries Series() => PatchSeries.Load(PatchDirectory, Paths);

    public void Dispose() => Git.Dispose();
}
