using System.Security.Cryptography;

namespace RedoxBuild.Tests.Cache.Support;

/// <summary>One node of a directory tree as the cache must preserve it.</summary>
public sealed record TreeNode(string Path, string Kind, UnixFileMode Mode, string? ContentSha256, string? LinkTarget);

/// <summary>
/// A directory tree reduced to what matters: relative paths, kinds, permission bits (files and directories),
/// contents and symlink targets. Two snapshots are equal exactly when the trees are.
/// </summary>
public static class TreeSnapshot
{
    public static IReadOnlyList<TreeNode> Of(string root)
    {
        var nodes = new List<TreeNode> { new("", "dir", File.GetUnixFileMode(root), null, null) };
        Walk(root, "", nodes);
        return nodes;
    }

    private static void Walk(string directory, string relative, List<TreeNode> nodes)
    {
        foreach (var full in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var path = relative.Length == 0 ? System.IO.Path.GetFileName(full) : relative + "/" + System.IO.Path.GetFileName(full);
            var info = new FileInfo(full);
            if (info.LinkTarget is not null) nodes.Add(new(path, "symlink", 0, null, info.LinkTarget));
            else if (Directory.Exists(full))
            {
                nodes.Add(new(path, "dir", File.GetUnixFileMode(full), null, null));
                Walk(full, path, nodes);
            }
            else nodes.Add(new(path, "file", File.GetUnixFileMode(full), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(full))), null));
        }
    }
}

/// <summary>Stage directories with the things Redox outputs contain.</summary>
public static class StageTrees
{
    /// <summary>
    /// A typical output: nested directories, an executable, a setuid binary, a read-only file, a read-only directory,
    /// an empty file and directory, relative symlinks (to a file, to a directory, dangling) and a non-ASCII name.
    /// </summary>
    public static string CreateMixed(string root, int seed = 1, int largeFileBytes = 300_000)
    {
        Directory.CreateDirectory(root);
        Write(root, "usr/bin/hello", Bytes.Random(5000, seed), (UnixFileMode)0b111_101_101);
        Write(root, "usr/bin/sudo", Bytes.Random(2000, seed + 1), (UnixFileMode)0b100_111_101_101); // 04755
        Write(root, "usr/lib/libhello.so.1.2", Bytes.Random(largeFileBytes, seed + 2), (UnixFileMode)0b110_100_100);
        Write(root, "etc/hello.conf", "greeting = \"hi\"\n"u8.ToArray(), (UnixFileMode)0b100_100_100);
        Write(root, "usr/share/doc/hello/ÄÖÜ-ü.txt", "unicode\n"u8.ToArray(), (UnixFileMode)0b110_100_100);
        Write(root, "empty", [], (UnixFileMode)0b110_000_000);
        Directory.CreateDirectory(System.IO.Path.Combine(root, "var/empty"));
        File.CreateSymbolicLink(System.IO.Path.Combine(root, "usr/lib/libhello.so"), "libhello.so.1.2");
        File.CreateSymbolicLink(System.IO.Path.Combine(root, "bin"), "usr/bin");
        File.CreateSymbolicLink(System.IO.Path.Combine(root, "usr/bin/dangling"), "../nowhere");
        var readOnly = System.IO.Path.Combine(root, "usr/share/doc");
        File.SetUnixFileMode(readOnly, (UnixFileMode)0b101_101_101);
        File.SetUnixFileMode(System.IO.Path.Combine(root, "var/empty"), (UnixFileMode)0b111_000_000);
        return root;
    }

    /// <summary>A single-file output of the given size, e.g. for transfer tests.</summary>
    public static string CreateSingle(string root, int bytes, int seed)
    {
        Directory.CreateDirectory(root);
        Write(root, "payload.bin", Bytes.Random(bytes, seed), (UnixFileMode)0b110_100_100);
        return root;
    }

    public static void Write(string root, string relative, byte[] content, UnixFileMode mode)
    {
        var path = System.IO.Path.Combine(root, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        File.SetUnixFileMode(path, mode);
    }
}
