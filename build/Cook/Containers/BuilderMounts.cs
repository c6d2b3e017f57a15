namespace RedoxBuild.Cook.Containers;

/// <summary>
/// The host folders bind-mounted into the builder container, each at the SAME path inside, so every path the cook
/// environment names (COOKBOOK_SOURCE, COOKBOOK_STAGE, the sysroot, CARGO_TARGET_DIR, SCCACHE_DIR...) means the same
/// thing on both sides and nothing has to be rewritten. A folder inside another mounted folder is not mounted twice.
/// </summary>
public sealed record BuilderMounts(IReadOnlyList<string> Writable, IReadOnlyList<string> ReadOnly)
{
    /// <summary>
    /// Normalised and without nesting; a folder that is a symbolic link (build/ moved to a bigger disk) also gets
    /// its target mounted, because the link inside the container points there.
    /// </summary>
    public static BuilderMounts For(IEnumerable<string> writable, IEnumerable<string> readOnly)
    {
        var rw = Outermost(writable.SelectMany(WithLinkTarget));
        var ro = Outermost(readOnly.SelectMany(WithLinkTarget)).Where(p => !Under(p, rw)).ToList();
        return new BuilderMounts(rw, ro);
    }

    /// <summary>"path:path" and "path:path:ro" entries for HostConfig.Binds.</summary>
    public IList<string> Binds => Writable.Select(p => $"{p}:{p}").Concat(ReadOnly.Select(p => $"{p}:{p}:ro")).ToList();

    /// <summary>The first of <paramref name="paths"/> that no mount contains (the script could not see it), or null.</summary>
    public string? FirstOutside(IEnumerable<string> paths) => paths.FirstOrDefault(p => !Under(Normalize(p), [.. Writable, .. ReadOnly]));

    private static IEnumerable<string> WithLinkTarget(string path)
    {
        var full = Normalize(path);
        yield return full;
        if (Directory.Exists(full) && new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target)
            yield return Normalize(target.FullName);
    }

    private static List<string> Outermost(IEnumerable<string> paths)
    {
        var distinct = paths.Distinct(StringComparer.Ordinal).OrderBy(p => p.Length).ToList();
        var kept = new List<string>();
        foreach (var path in distinct)
            if (!Under(path, kept)) kept.Add(path);
        return kept;
    }

    private static bool Under(string path, IEnumerable<string> roots) =>
        roots.Any(root => path == root || path.StartsWith(root == "/" ? root : root + "/", StringComparison.Ordinal));

    private static string Normalize(string path)
    {
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
