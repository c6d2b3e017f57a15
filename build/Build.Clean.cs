using RedoxBuild.Engine;

/// <summary>What Clean may delete. Sources are not in this list: checkouts can hold edits (CleanRecipe handles one recipe).</summary>
public enum CleanScope
{
    /// <summary>Intermediate build trees under build/work (the default).</summary>
    Work,

    /// <summary>Disk images under build/images.</summary>
    Images,

    /// <summary>Old build logs, the dry-run script and the plan diagram in .nuke/temp (the running build's own log is kept).</summary>
    Logs,
}

partial class Build
{
    [Parameter("What Clean deletes: work (intermediate build trees), images (build/images), logs (old build logs in .nuke/temp). Sources and caches are never touched; links are removed, never followed.", Separator = ',')]
    readonly CleanScope[] CleanScope = [global::CleanScope.Work];

    Target Clean => _ => _
        .Description("Deletes regenerable build output: build/work by default; images and logs only when named with --clean-scope.")
        .Executes(() =>
        {
            foreach (var scope in CleanScope.Distinct())
            {
                var (path, freed) = scope switch
                {
                    global::CleanScope.Work => (Layout.Work, DeleteContents(Layout.Work, IsDryRun)),
                    global::CleanScope.Images => (Layout.Images, DeleteContents(Layout.Images, IsDryRun)),
                    _ => (Layout.Temporary, DeleteOldLogs(Layout.Temporary, IsDryRun)),
                };
                Logger.Information(IsDryRun ? "[dry-run] would clean {Path} ({Freed})" : "Cleaned {Path} ({Freed})", path.RelativeTo(RootDirectory), new ByteSize(freed).ToHumanString());
            }
        });

    /// <summary>
    /// Only what the build writes as logs: older timestamped logs, dry-run.sh and execution-plan.md. The running build's
    /// logs, build.sh's fingerprint, --continue's record and every folder (NetworkSetup's record of what to tear down,
    /// the .NET SDK build.sh installed) stay.
    /// </summary>
    static long DeleteOldLogs(AbsolutePath temp, bool dryRun)
    {
        if (!temp.DirectoryExists()) return 0;
        var logs = Directory.GetFiles(temp, "build.*.log").Order(StringComparer.Ordinal).SkipLast(1)
            .Concat(new[] { temp / "dry-run.sh", temp / "execution-plan.md" }.Select(p => p.ToString()).Where(File.Exists));
        long freed = 0;
        foreach (var log in logs.Select(l => new FileInfo(l)).Where(f => f.LinkTarget is null))
        {
            freed += log.Length;
            if (!dryRun) log.Delete();
        }
        return freed;
    }

    /// <summary>
    /// Deletes everything under a directory; returns the bytes freed. Links are deleted as links, never followed: a link
    /// in a build tree to your sources or home must not take them along. A missing directory is already clean. A dry run
    /// only counts.
    /// </summary>
    static long DeleteContents(AbsolutePath directory, bool dryRun) => directory.DirectoryExists() ? DeleteEntries(new DirectoryInfo(directory), dryRun) : 0;

    static long DeleteEntries(DirectoryInfo directory, bool dryRun)
    {
        long freed = 0;
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo sub && sub.LinkTarget is null)
            {
                freed += DeleteEntries(sub, dryRun);
                if (!dryRun) sub.Delete();
                continue;
            }
            if (entry is FileInfo { LinkTarget: null } file) freed += file.Length;
            if (!dryRun) entry.Delete(); // a file, or a link to a file or a folder (removes the link only)
        }
        return freed;
    }
}
