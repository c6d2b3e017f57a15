namespace RedoxBuild.Image.RootTree;

/// <summary>
/// Unix permission bits of host files. Redox images carry Unix modes (setuid, sticky, executable), which a Windows
/// file system cannot hold, so image trees are built on Linux or macOS only.
/// </summary>
public static class UnixFiles
{
    public static int GetMode(string path)
    {
        if (OperatingSystem.IsWindows()) throw NotSupported();
        return (int)File.GetUnixFileMode(path);
    }

    public static void SetMode(string path, int mode)
    {
        if (OperatingSystem.IsWindows()) throw NotSupported();
        File.SetUnixFileMode(path, (UnixFileMode)mode);
    }

    private static PlatformNotSupportedException NotSupported() =>
        new("Redox images need Unix file modes; build them on Linux or macOS (or in WSL).");
}
