using System.Formats.Tar;

namespace RedoxBuild.Docker;

/// <summary>The tar archive POST /build takes as its context: the Dockerfile and whatever it copies.</summary>
public static class BuildContext
{
    /// <summary>The given files, each stored under its name in the context, in memory (contexts here are a few files).</summary>
    public static MemoryStream FromFiles(IEnumerable<(string Path, string Name)> files)
    {
        var archive = new MemoryStream();
        using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var (path, name) in files)
                writer.WriteEntry(path, name);
        archive.Position = 0;
        return archive;
    }

    /// <summary>Every file under <paramref name="directory"/>, named relative to it.</summary>
    public static MemoryStream FromDirectory(string directory) =>
        FromFiles(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (f, Path.GetRelativePath(directory, f).Replace('\\', '/'))));
}
