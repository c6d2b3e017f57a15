using RedoxBuild.Engine;

namespace RedoxBuild.Runners.CloudHypervisor;

/// <summary>
/// The layout of a snapshot directory: Cloud Hypervisor's config.json, state.json and memory-ranges files, plus the
/// disk-N.img copies VmSnapshot adds. Cloud Hypervisor creates its files with create_new, so a second snapshot into
/// the same directory needs the first one removed; only files of this layout are ever deleted.
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

    /// <summary>Removes a previous snapshot's files (checked by <see cref="CheckReplaceable"/>).</summary>
    public static void Clear(AbsolutePath directory)
    {
        if (!directory.DirectoryExists()) return;
        foreach (var file in Directory.EnumerateFiles(directory).Where(f => IsSnapshotFile(Path.GetFileName(f))))
            File.Delete(file);
    }

    private static bool IsSnapshotFile(string name) =>
        name is ConfigFile or StateFile || name.StartsWith("memory-ranges", StringComparison.Ordinal) ||
        (name.StartsWith("disk-", StringComparison.Ordinal) && name.EndsWith(".img", StringComparison.Ordinal));
}
