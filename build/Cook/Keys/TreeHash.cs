using System.Security.Cryptography;
using System.Text;

namespace RedoxBuild.Cook.Keys;

/// <summary>
/// A content hash of a directory tree: relative paths (sorted, '/' separated), file contents, the executable bit and
/// symlink targets; no timestamps, owners or absolute paths, so the same tree hashes alike anywhere. Used for recipe
/// directories, local patch series and path sources.
/// </summary>
public static class TreeHash
{
    public static string Of(string directory, Func<string, bool>? include = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (!Directory.Exists(directory)) return "absent";
        foreach (var entry in Entries(directory).Where(e => include?.Invoke(e.Relative) ?? true))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{entry.Kind} {entry.Relative}\n"));
            switch (entry.Kind)
            {
                case 'l':
                    hash.AppendData(Encoding.UTF8.GetBytes((new FileInfo(entry.Full).LinkTarget ?? "") + "\n"));
                    break;
                case 'f':
                case 'x':
                    hash.AppendData(SHA256.HashData(File.ReadAllBytes(entry.Full)));
                    break;
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Entries as (kind, path relative with '/', full path): d directory, l symlink, x executable file, f file.</summary>
    public static IEnumerable<(char Kind, string Relative, string Full)> Entries(string directory) =>
        Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(p => !IsUnderGit(directory, p))
            .Select(p => (Kind(p), Path.GetRelativePath(directory, p).Replace('\\', '/'), p))
            .OrderBy(e => e.Item2, StringComparer.Ordinal);

    private static bool IsUnderGit(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative == ".git" || relative.StartsWith(".git" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static char Kind(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return 'l';
        if (Directory.Exists(path)) return 'd';
        return !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0 ? 'x' : 'f';
    }
}
