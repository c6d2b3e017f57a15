using System.Text;
using RedoxBuild.Model.Profiles;

namespace RedoxBuild.Image.RootTree;

/// <summary>A file the build generates into the root tree (network settings, init scripts, /etc/passwd...).</summary>
public sealed record GeneratedFile(string Path, string Content, int Mode = GeneratedFile.RegularMode)
{
    public const int RegularMode = 0b110_100_100;   // 0644
    public const int DirectoryMode = 0b111_101_101; // 0755
    public const int PrivateMode = 0b110_000_000;   // 0600
    public const int PrivateDirectoryMode = 0b111_000_000; // 0700
}

/// <summary>
/// Puts [[files]] entries and generated files into a host directory the way the installer's FileConfig.create does:
/// a directory is created with its parents; a file's parents are created (0755), the file truncated or, with append,
/// appended to; a symlink replaces whatever was at its path; mode defaults to 0644 for files and 0755 for
/// directories and is applied after writing. Owners are not applied on the host (see <see cref="OwnershipMap"/>).
/// </summary>
public sealed class TreeWriter(string root)
{
    public string Root { get; } = root;

    public string HostPath(string imagePath)
    {
        var relative = imagePath.Replace('\\', '/').Trim('/');
        if (relative.Length == 0 || relative.Split('/').Any(part => part is ".." or "."))
            throw new ImageException($"\"{imagePath}\" is not a usable path in the image: give an absolute path without '.' or '..' parts, e.g. \"/etc/motd\"");
        return Path.Combine(Root, relative);
    }

    public void Write(FileEntry entry)
    {
        var target = HostPath(entry.Path);
        if (entry.Directory)
        {
            CreateDirectory(target);
            SetMode(target, entry.Mode ?? GeneratedFile.DirectoryMode);
        }
        else if (entry.Symlink)
        {
            CreateParent(target);
            Remove(target, $"[[files]] symlink \"{entry.Path}\" ({entry.Position})");
            File.CreateSymbolicLink(target, entry.Data);
            // A link's mode means nothing (and chmod would follow it to the target), so only ownership is recorded.
        }
        else
        {
            CreateParent(target);
            if (Directory.Exists(target) && new FileInfo(target).LinkTarget is null)
                throw new ImageException($"[[files]] entry \"{entry.Path}\" ({entry.Position}) writes a file where the image already has a directory; make it a directory entry or change the path");
            using (var stream = new FileStream(target, entry.Append ? FileMode.Append : FileMode.Create, FileAccess.Write))
                stream.Write(Encoding.UTF8.GetBytes(entry.Data));
            SetMode(target, entry.Mode ?? GeneratedFile.RegularMode);
        }
    }

    /// <summary>Writes a generated file, replacing what was there.</summary>
    public void Write(GeneratedFile file)
    {
        var target = HostPath(file.Path);
        CreateParent(target);
        Remove(target, $"the generated file {file.Path}");
        File.WriteAllText(target, file.Content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        SetMode(target, file.Mode);
    }

    /// <summary>Appends to a file (creating it 0644 when missing), as upstream appends VARIANT to os-release.</summary>
    public void Append(string imagePath, string text)
    {
        var target = HostPath(imagePath);
        var existed = File.Exists(target);
        CreateParent(target);
        File.AppendAllText(target, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        if (!existed) SetMode(target, GeneratedFile.RegularMode);
    }

    public void CreateDirectory(string imagePath, int mode)
    {
        var target = HostPath(imagePath);
        CreateDirectory(target);
        SetMode(target, mode);
    }

    public static void SetMode(string path, int mode) => UnixFiles.SetMode(path, mode);

    private static void CreateParent(string target) => CreateDirectory(Path.GetDirectoryName(target)!);

    /// <summary>Like mkdir -p with 0755 for new levels; an existing link to a directory counts as that directory.</summary>
    private static void CreateDirectory(string directory)
    {
        if (Directory.Exists(directory)) return;
        CreateDirectory(Path.GetDirectoryName(directory)!);
        if (File.Exists(directory) || new FileInfo(directory).LinkTarget is not null)
            throw new ImageException($"cannot create directory {directory}: a file or a dangling link is in the way");
        Directory.CreateDirectory(directory);
        SetMode(directory, GeneratedFile.DirectoryMode);
    }

    /// <summary>Clears the way for a link or a generated file; a real directory is never deleted to make room.</summary>
    private static void Remove(string target, string what)
    {
        var info = new FileInfo(target);
        if (info.LinkTarget is not null || info.Exists) File.Delete(target);
        else if (Directory.Exists(target))
            throw new ImageException($"{what} would replace the directory {target}; a directory is never deleted to make room, so change the path or the package that installs that directory");
    }
}
