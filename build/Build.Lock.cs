using RedoxBuild.Engine;

// One run at a time writes a tree's sources, build trees, stages and images. A second run stops at once and names the
// one holding the tree, instead of two makes running in one build folder or two fetches resetting one checkout.
partial class Build : IDisposable
{
    FileStream? _treeLock;

    /// <summary>The targets that write the tree (sources, build trees, stages, images, patches, upstream drafts).</summary>
    string[] TreeWritingTargets => [.. CookingTargets, nameof(Fetch), nameof(Clean), nameof(CleanRecipe), nameof(ExtractPatches), nameof(PrepareUpstream), nameof(FileUpstream)];

    AbsolutePath TreeLockFile => Layout.Temporary / "tree.lock";

    /// <summary>
    /// An exclusive lock on .nuke/temp/tree.lock (flock through FileShare.None), released when this run ends or its
    /// process dies, so a crashed build never leaves the tree locked. A dry run writes nothing and takes no lock.
    /// </summary>
    void LockTree(IEnumerable<string> invoked)
    {
        if (IsDryRun || _treeLock is not null) return;
        Layout.Temporary.CreateDirectory();
        var holder = TreeLockFile + ".holder";
        try
        {
            _treeLock = new FileStream(TreeLockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var who = File.Exists(holder) ? File.ReadAllText(holder).Trim() : "another process";
            throw new BuildFailure($"Another build is working in this tree ({who}). Wait for it to finish, or stop it: two builds in one tree " +
                $"would overwrite each other's checkouts and build trees. The lock ({SourcePaths.Display(TreeLockFile)}) is released when that build exits.");
        }
        File.WriteAllText(holder, $"pid {Environment.ProcessId}: {string.Join(" ", invoked)}, since {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss}\n");
    }

    public void Dispose()
    {
        _treeLock?.Dispose();
        _treeLock = null;
    }
}
