using RedoxBuild.Cache.Entries;

namespace RedoxBuild.Cache.Stores.Local;

/// <summary>
/// The names the local store writes, and nothing else: ac/&lt;shard&gt;/&lt;key&gt;.json, cas/&lt;shard&gt;/&lt;digest&gt;,
/// and <see cref="AtomicFile"/> temp files (tmp/, or beside a record being replaced). Maintenance only ever looks at
/// (and so only ever deletes) files these patterns match, whatever else someone put in the folder.
/// </summary>
public static class LocalStoreLayout
{
    private const int TempSuffixLength = 32;

    public static bool IsShardName(string name) => name.Length == 2 && name.All(IsLowerHex);

    public static bool IsEntryName(string shard, string name) =>
        name.EndsWith(".json", StringComparison.Ordinal) && IsInShard(shard, name[..^".json".Length]);

    public static bool IsBlobName(string shard, string name) => IsInShard(shard, name);

    public static bool IsTempName(string name) =>
        name.StartsWith(AtomicFile.TempPrefix, StringComparison.Ordinal)
        && name.Length == AtomicFile.TempPrefix.Length + TempSuffixLength
        && name[AtomicFile.TempPrefix.Length..].All(IsLowerHex);

    /// <summary>Finished records: ac/&lt;shard&gt;/&lt;key&gt;.json.</summary>
    public static IEnumerable<FileInfo> Entries(LocalStore store) => InShards(store.EntriesDirectory, IsEntryName);

    /// <summary>Finished archives: cas/&lt;shard&gt;/&lt;digest&gt;.</summary>
    public static IEnumerable<FileInfo> Blobs(LocalStore store) => InShards(store.BlobsDirectory, IsBlobName);

    /// <summary>Temp files of the store's own pattern, in tmp/ and in the ac/ and cas/ shards.</summary>
    public static IEnumerable<FileInfo> Temporaries(LocalStore store) =>
        FilesIn(store.StagingDirectory).Where(f => IsTempName(f.Name))
            .Concat(InShards(store.EntriesDirectory, (_, name) => IsTempName(name)))
            .Concat(InShards(store.BlobsDirectory, (_, name) => IsTempName(name)));

    /// <summary>
    /// Paths (relative, '/'-separated) under <paramref name="root"/> that the store would not have written; the
    /// marker itself is not listed. Stops after <paramref name="limit"/>, enough to name examples in a message.
    /// </summary>
    public static IReadOnlyList<string> ForeignPaths(string root, int limit)
    {
        var foreign = new List<string>();
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos())
        {
            if (foreign.Count >= limit) break;
            switch (entry.Name)
            {
                case LocalStoreMarker.FileName when entry is FileInfo:
                    break;
                case "ac" or "cas" when entry is DirectoryInfo directory:
                    foreign.AddRange(ForeignInShards(directory, entry.Name == "ac" ? IsEntryName : IsBlobName, limit - foreign.Count));
                    break;
                case "tmp" when entry is DirectoryInfo directory:
                    foreign.AddRange(directory.EnumerateFileSystemInfos()
                        .Where(e => e is not FileInfo || !IsTempName(e.Name)).Take(limit - foreign.Count).Select(e => Relative(root, e)));
                    break;
                default:
                    foreign.Add(Relative(root, entry));
                    break;
            }
        }
        return foreign;

        IEnumerable<string> ForeignInShards(DirectoryInfo directory, Func<string, string, bool> isOwn, int left) =>
            directory.EnumerateFileSystemInfos().SelectMany(shard => shard is DirectoryInfo d && IsShardName(d.Name)
                    ? d.EnumerateFileSystemInfos().Where(e => e is not FileInfo || !(isOwn(d.Name, e.Name) || IsTempName(e.Name)))
                    : [shard])
                .Take(left).Select(e => Relative(root, e));
    }

    private static IEnumerable<FileInfo> InShards(string directory, Func<string, string, bool> isOwn) =>
        Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateDirectories().Where(d => IsShardName(d.Name))
                .SelectMany(d => FilesIn(d.FullName).Where(f => isOwn(d.Name, f.Name)))
            : [];

    private static IEnumerable<FileInfo> FilesIn(string directory) =>
        Directory.Exists(directory) ? new DirectoryInfo(directory).EnumerateFiles() : [];

    private static bool IsInShard(string shard, string hex) => CacheIdentifiers.IsSha256Hex(hex) && CacheIdentifiers.Shard(hex) == shard;

    private static bool IsLowerHex(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f';

    private static string Relative(string root, FileSystemInfo entry) =>
        Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/') + (entry is DirectoryInfo ? "/" : "");
}
