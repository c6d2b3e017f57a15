using RedoxBuild.Engine;

namespace RedoxBuild.Runners.CloudHypervisor;

/// <summary>
/// The layout of a snapshot directory: Cloud Hypervisor's config.json, state.json and memory-ranges files, plus the
/// disk-N.img copies VmSnapshot adds. Cloud Hypervisor creates its files with create_new, so a new snapshot goes into
/// a sibling &lt;dir&gt;.partial-&lt;random&gt; and replaces the directory by renames only once it is complete.
/// </summary>
public static class SnapshotDirectory
{
    public const string ConfigFile = "config.json";
    public const string StateFile = "state.json";

    public static string DiskFile(int index) => $"disk-{index}.img";

    public static string FileUrl(AbsolutePath directory) => new Uri(directory.ToString()).AbsoluteUri;

    public static bool HoldsSnapshot(AbsolutePath directory) =>
        (directory / ConfigFile).FileExists() && (directory / StateFile).FileExists();

    /// <summary>Fails unless the directory is missing, empty, or holds only a previous snapshot.</summary>
    public static void CheckReplaceable(AbsolutePath directory)
    {
        if (!directory.DirectoryExists())
        {
            if (directory.FileExists()) throw new BuildFailure($"--snapshot-dir {directory} is a file; give a directory.");
            return;
        }
        var foreign = Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Where(n => !IsSnapshotFile(n!)).ToList();
        if (foreign.Count > 0 || (Directory.EnumerateFileSystemEntries(directory).Any() && !HoldsSnapshot(directory)))
            throw new BuildFailure(
                $"--snapshot-dir {directory} holds files that are not a snapshot ({string.Join(", ", foreign.DefaultIfEmpty("no config.json/state.json").Take(5))}); " +
                "give an empty or new directory.");
    }

    /// <summary>An empty sibling of <paramref name="directory"/> (same file system, so the final swap is a rename).</summary>
    public static AbsolutePath CreatePartial(AbsolutePath directory)
    {
        var partial = AbsolutePath.Create($"{directory}.partial-{Guid.NewGuid():N}");
        partial.CreateDirectory();
        return partial;
    }

    /// <summary>
    /// Puts the complete snapshot in <paramref name="partial"/> where <paramref name="directory"/> was: the old one
    /// (checked by <see cref="CheckReplaceable"/>) is renamed aside, the new one renamed in, then the old one deleted.
    /// If the second rename fails the old one is renamed back, so the directory always holds a whole snapshot.
    /// </summary>
    public static void Replace(AbsolutePath directory, AbsolutePath partial)
    {
        if (!directory.DirectoryExists())
        {
            Directory.Move(partial, directory);
            return;
        }
        var old = AbsolutePath.Create($"{directory}.old-{Guid.NewGuid():N}");
        Directory.Move(directory, old);
        try
        {
            Directory.Move(partial, directory);
        }
        catch
        {
            Directory.Move(old, directory);
            throw;
        }
        DeleteQuietly(old);
    }

    /// <summary>Deletes a partial or replaced snapshot; one left behind is only disk space, never worth failing for.</summary>
    public static void DeleteQuietly(AbsolutePath directory)
    {
        try
        {
            if (directory.DirectoryExists()) Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static bool IsSnapshotFile(string name) =>
        name is ConfigFile or StateFile || name.StartsWith("memory-ranges", StringComparison.Ordinal) ||
        (name.StartsWith("disk-", StringComparison.Ordinal) && name.EndsWith(".img", StringComparison.Ordinal));
}
