namespace RedoxBuild.Image.RootTree;

/// <summary>
/// Installs a package's staged files into the root tree as extracting its pkgar would: directories are created (and
/// take the stage's mode), files and links replace what an earlier package or [[files]] entry put at the same path,
/// and paths resolve through links already in the tree (a stage's bin/ lands in usr/bin when /bin links there).
/// Returns the paths a later package overwrote, for the log.
/// </summary>
public static class StageInstaller
{
    public static IReadOnlyList<string> Install(PackageContent package, string root)
    {
        var replaced = new List<string>();
        foreach (var file in package.Files)
        {
            var from = Path.Combine(package.StageTree, file.Path);
            var to = Path.Combine(root, file.Path);
            switch (file.Kind)
            {
                case 'd':
                    if (!Directory.Exists(to))
                    {
                        Directory.CreateDirectory(to);
                        TreeWriter.SetMode(to, file.Mode);
                    }
                    break;
                case 'l':
                    Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                    if (Clear(to)) replaced.Add(file.Path);
                    File.CreateSymbolicLink(to, file.LinkTarget ?? throw new ImageException($"{package.Name}: the stage manifest lists link {file.Path} without a target; cook the package again"));
                    break;
                default:
                    Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                    if (Clear(to)) replaced.Add(file.Path);
                    if (!File.Exists(from))
                        throw new ImageException($"{package.Name}: {from} is in the stage manifest but missing on disk; the stage {package.Key} was changed after it was cooked (delete it and cook again)");
                    File.Copy(from, to);
                    TreeWriter.SetMode(to, file.Mode);
                    break;
            }
        }
        return replaced;
    }

    private static bool Clear(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null && !info.Exists)
        {
            if (Directory.Exists(path))
                throw new ImageException($"cannot install {path}: a directory is already there (another package or a [[files]] entry made it)");
            return false;
        }
        File.Delete(path);
        return true;
    }
}
