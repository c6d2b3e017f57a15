using RedoxBuild.Engine;

/// <summary>What Clean may delete. Sources are not in this list: checkouts can hold edits (CleanRecipe handles one recipe).</summary>
public enum CleanScope
{
    /// <summary>Intermediate build trees under build/work (the default).</summary>
    Work,

    /// <summary>Disk images under build/images.</summary>
    Images,

    /// <summary>The build program's logs and temporary files under .nuke/temp (the running build's own log is kept).</summary>
    Logs,
}

partial class Build
{
    [Parameter("What Clean deletes: work (intermediate build trees), images (build/images), logs (.nuke/temp). Sources and caches are never touched.", Separator = ',')]
    readonly CleanScope[] CleanScope = [global::CleanScope.Work];

    Target Clean => _ => _
        .Description("Deletes regenerable build output: build/work by default; images and logs only when named with --clean-scope.")
        .Executes(() =>
        {
            foreach (var scope in CleanScope.Distinct())
            {
                var (path, keep) = scope switch
                {
                    global::CleanScope.Work => (Layout.Work, (Func<string, bool>)(_ => false)),
                    global::CleanScope.Images => (Layout.Images, _ => false),
                    _ => (Layout.Temporary, RunningBuildFiles(Layout.Temporary).Contains),
                };
                var freed = DeleteContents(path, keep);
                Logger.Information("Cleaned {Path} ({Freed})", path.RelativeTo(RootDirectory), new ByteSize(freed).ToHumanString());
            }
        });

    // The running build is writing build.log and its newest timestamped log; build.sh's fingerprint lives here too.
    static HashSet<string> RunningBuildFiles(AbsolutePath temp)
    {
        var newestLog = Directory.Exists(temp) ? Directory.GetFiles(temp, "build.*.log").Order(StringComparer.Ordinal).LastOrDefault() : null;
        return new[] { temp / "build.log", temp / "build-project.fingerprint", newestLog }.OfType<string>().ToHashSet();
    }

    /// <summary>Deletes everything under a directory except kept files; returns the bytes freed. A missing directory is already clean.</summary>
    static long DeleteContents(AbsolutePath directory, Func<string, bool> keep)
    {
        if (!directory.DirectoryExists()) return 0;
        long freed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(f => !keep(f)).ToList())
        {
            var info = new FileInfo(file);
            freed += info.LinkTarget is null ? info.Length : 0;
            info.Delete();
        }
        foreach (var dir in Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
            if (!Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
        return freed;
    }
}
