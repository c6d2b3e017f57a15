namespace RedoxBuild.Image.RootTree;

/// <summary>An entry of a host directory tree: path relative to the root ('/'-separated), kind (d, f, l) and size.</summary>
public sealed record TreeItem(string Relative, string Full, char Kind, long Size);

/// <summary>
/// Walks a tree in a fixed order (ordinal by name, parents before children) without following symbolic links,
/// so a link to "/" or to "usr/bin" inside an image tree is listed once and never escapes the tree.
/// </summary>
public static class TreeWalk
{
    public static IEnumerable<TreeItem> Items(string root)
    {
        if (!Directory.Exists(root)) yield break;
        // AttributesToSkip = 0: the default skips "hidden" entries, which on Unix means every dot file.
        var oneLevel = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0 };
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.TryPop(out var directory))
        {
            var children = Directory.EnumerateFileSystemEntries(directory, "*", oneLevel).Order(StringComparer.Ordinal).ToList();
            var subdirectories = new List<string>();
            foreach (var full in children)
            {
                var info = new FileInfo(full);
                var relative = Path.GetRelativePath(root, full).Replace('\\', '/');
                if (info.LinkTarget is not null) yield return new TreeItem(relative, full, 'l', 0);
                else if (Directory.Exists(full))
                {
                    yield return new TreeItem(relative, full, 'd', 0);
                    subdirectories.Add(full);
                }
                else yield return new TreeItem(relative, full, 'f', info.Length);
            }
            // Pushed in reverse so the first subdirectory is walked first.
            for (var i = subdirectories.Count - 1; i >= 0; i--) pending.Push(subdirectories[i]);
        }
    }
}
