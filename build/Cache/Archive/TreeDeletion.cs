namespace RedoxBuild.Cache.Archive;

/// <summary>Deletes a directory tree even when outputs made parts of it read-only (mode 0555 directories are common).</summary>
public static class TreeDeletion
{
    public static void Delete(string path)
    {
        if (!Directory.Exists(path) || new DirectoryInfo(path).LinkTarget is not null)
        {
            if (File.Exists(path) || new FileInfo(path).LinkTarget is not null) File.Delete(path);
            return;
        }
        MakeWritable(path);
        Directory.Delete(path, recursive: true);
    }

    // Removing an entry needs write permission on its directory; symlinked directories are not followed.
    private static void MakeWritable(string directory)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Build outputs carry Unix modes; the binary cache needs Linux or macOS.");
        var mode = File.GetUnixFileMode(directory);
        if ((mode & (UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.UserRead)) != (UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.UserRead))
            File.SetUnixFileMode(directory, mode | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var child in new DirectoryInfo(directory).EnumerateDirectories())
            if (child.LinkTarget is null) MakeWritable(child.FullName);
    }
}
