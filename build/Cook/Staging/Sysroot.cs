namespace RedoxBuild.Cook.Staging;

/// <summary>
/// A recipe's dependency sysroot, assembled from its build dependencies' staged outputs (in the given order, later
/// ones winning on a conflict, which is reported) plus upstream's usr-merge links (lib → usr/lib, include → usr/include,
/// bin → usr/bin) so both -L$SYSROOT/lib and /usr paths work. Rebuilt from scratch each time: stale files from a
/// removed dependency must never leak into a build.
/// </summary>
public static class Sysroot
{
    public static IReadOnlyList<string> Assemble(string sysroot, IEnumerable<StagedOutput> dependencies)
    {
        if (Directory.Exists(sysroot)) Directory.Delete(sysroot, recursive: true);
        Directory.CreateDirectory(sysroot);
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        var conflicts = new List<string>();
        foreach (var dependency in dependencies)
        {
            foreach (var file in dependency.Manifest.Files)
            {
                var from = Path.Combine(dependency.Tree, file.Path);
                var to = Path.Combine(sysroot, file.Path);
                if (file.Kind == 'd')
                {
                    Directory.CreateDirectory(to);
                    continue;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                if (owner.TryGetValue(file.Path, out var previous) && !SameContent(from, to))
                    conflicts.Add($"{file.Path}: {dependency.Manifest.Recipe} replaces {previous}'s copy");
                if (File.Exists(to) || new FileInfo(to).LinkTarget is not null) File.Delete(to);
                if (file.Kind == 'l') File.CreateSymbolicLink(to, file.LinkTarget!);
                else File.Copy(from, to);
                owner[file.Path] = dependency.Manifest.Recipe;
            }
        }
        foreach (var name in new[] { "lib", "include", "bin" })
        {
            var merged = Path.Combine(sysroot, "usr", name);
            var link = Path.Combine(sysroot, name);
            if (Directory.Exists(merged) && !Path.Exists(link)) File.CreateSymbolicLink(link, Path.Combine("usr", name));
        }
        return conflicts;
    }

    private static bool SameContent(string a, string b) =>
        File.Exists(a) && File.Exists(b) && new FileInfo(a).Length == new FileInfo(b).Length && File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b));
}
