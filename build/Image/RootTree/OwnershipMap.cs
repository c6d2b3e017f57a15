using System.Collections.Immutable;

namespace RedoxBuild.Image.RootTree;

/// <summary>
/// One ownership decision: <see cref="Path"/> (relative to the image root, '/'-separated) belongs to uid:gid; when
/// <see cref="Recursive"/>, so does everything below it.
/// </summary>
public sealed record OwnershipEntry(string Path, uint Uid, uint Gid, bool Recursive);

/// <summary>A path's final owner, as the RedoxFS archiver is told with --chown path:uid:gid.</summary>
public sealed record PathOwner(string Path, uint Uid, uint Gid);

/// <summary>
/// Who owns what in the image. The host tree is never chowned (the build runs unprivileged, and the host's users mean
/// nothing to Redox); ownership is recorded here instead and handed to the RedoxFS archiver. Everything defaults to
/// root (uid 0, gid 0); entries apply in the order they were recorded, a later one winning, as a later chown would.
/// </summary>
public sealed record OwnershipMap(ImmutableList<OwnershipEntry> Entries)
{
    public static readonly OwnershipMap Empty = new(ImmutableList<OwnershipEntry>.Empty);

    public const uint DefaultUid = 0;
    public const uint DefaultGid = 0;

    public OwnershipMap Add(OwnershipEntry entry) => new(Entries.Add(entry with { Path = Normalize(entry.Path) }));

    /// <summary>Records an owner where a missing uid or gid keeps the path's current one (upstream's "unchanged").</summary>
    public OwnershipMap Set(string path, uint? uid, uint? gid, bool recursive)
    {
        if (uid is null && gid is null) return this;
        var (currentUid, currentGid) = OwnerOf(path);
        return Add(new OwnershipEntry(path, uid ?? currentUid, gid ?? currentGid, recursive));
    }

    /// <summary>The owner of one path after every entry so far.</summary>
    public (uint Uid, uint Gid) OwnerOf(string path)
    {
        var normalized = Normalize(path);
        var owner = (DefaultUid, DefaultGid);
        foreach (var entry in Entries)
            if (Applies(entry, normalized)) owner = (entry.Uid, entry.Gid);
        return owner;
    }

    /// <summary>
    /// Every path whose owner differs from root, sorted ordinally. Recursive entries are expanded over the tree in
    /// <paramref name="rootDirectory"/> (when it exists; a dry run has no tree, so only the named paths are listed).
    /// </summary>
    public IReadOnlyList<PathOwner> Resolve(string? rootDirectory)
    {
        var paths = new SortedSet<string>(Entries.Select(e => e.Path), StringComparer.Ordinal);
        if (rootDirectory is not null && Directory.Exists(rootDirectory))
            foreach (var entry in Entries.Where(e => e.Recursive))
            {
                var directory = System.IO.Path.Combine(rootDirectory, entry.Path);
                if (new FileInfo(directory).LinkTarget is null && Directory.Exists(directory))
                    foreach (var item in TreeWalk.Items(directory)) paths.Add(entry.Path + "/" + item.Relative);
            }
        return paths.Select(p => (Path: p, Owner: OwnerOf(p)))
            .Where(p => p.Owner != (DefaultUid, DefaultGid))
            .Select(p => new PathOwner(p.Path, p.Owner.Uid, p.Owner.Gid))
            .ToList();
    }

    private static bool Applies(OwnershipEntry entry, string path) =>
        entry.Path == path || (entry.Recursive && path.StartsWith(entry.Path + "/", StringComparison.Ordinal));

    private static string Normalize(string path) => path.Replace('\\', '/').Trim('/');
}
