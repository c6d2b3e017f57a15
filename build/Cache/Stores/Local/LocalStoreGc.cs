using RedoxBuild.Cache.Entries;

namespace RedoxBuild.Cache.Stores.Local;

/// <summary>What a garbage collection of the local store did.</summary>
public sealed record LocalGcResult(long BytesBefore, long BytesAfter, int EntriesEvicted, int BlobsEvicted, int DanglingEntriesRemoved, int TempFilesRemoved);

/// <summary>
/// Size-bounded, least-recently-used eviction for <see cref="LocalStore"/>. A blob and the ac/ records pointing at it
/// form one unit whose last access is the newest modification time among them; units go oldest first until the
/// store fits. Records whose blob is gone (evicted, or a crash between the two writes) and records that do not
/// parse are removed, because they can only ever be misses.
/// </summary>
public static class LocalStoreGc
{
    /// <summary>Temp files younger than this may belong to a writer in another process that is still running.</summary>
    public static readonly TimeSpan TempFileGrace = TimeSpan.FromHours(1);

    private sealed record Unit(List<FileInfo> Files, long Bytes, DateTime LastAccess, int Entries);

    public static long MeasureBytes(LocalStore store) =>
        LocalStoreLayout.Entries(store).Concat(LocalStoreLayout.Blobs(store)).Sum(f => f.Length);

    /// <summary>Refuses (BuildFailure) a folder that is not this store's; only files the store named are ever deleted.</summary>
    public static LocalGcResult Run(LocalStore store, long limit)
    {
        store.EnsureOwned();
        var tempRemoved = RemoveStaleTemporaries(store);
        var blobs = LocalStoreLayout.Blobs(store).ToDictionary(f => f.Name);
        var entriesByBlob = new Dictionary<string, List<FileInfo>>();
        var dangling = 0;
        foreach (var file in LocalStoreLayout.Entries(store))
        {
            var key = Path.GetFileNameWithoutExtension(file.Name);
            var digest = ReadBlobDigest(file, key);
            if (digest is not null && !blobs.ContainsKey(digest) && store.HasBlob(digest)) continue; // committed by another process meanwhile
            if (digest is null || !blobs.ContainsKey(digest))
            {
                TryDelete(file);
                dangling++;
                continue;
            }
            if (!entriesByBlob.TryGetValue(digest, out var list)) entriesByBlob[digest] = list = [];
            list.Add(file);
        }

        var units = blobs.Values.Select(blob =>
        {
            var files = new List<FileInfo> { blob };
            files.AddRange(entriesByBlob.GetValueOrDefault(blob.Name) ?? []);
            return new Unit(files, files.Sum(f => f.Length), files.Max(f => f.LastWriteTimeUtc), files.Count - 1);
        }).OrderBy(u => u.LastAccess).ThenBy(u => u.Files[0].Name, StringComparer.Ordinal).ToList();

        var before = units.Sum(u => u.Bytes);
        var total = before;
        int entriesEvicted = 0, blobsEvicted = 0;
        foreach (var unit in units)
        {
            if (total <= limit) break;
            // Records first: a reader must never find a record whose blob was already deleted and trust it.
            foreach (var file in unit.Files.Skip(1).Append(unit.Files[0])) TryDelete(file);
            total -= unit.Bytes;
            entriesEvicted += unit.Entries;
            blobsEvicted++;
        }
        return new LocalGcResult(before, total, entriesEvicted, blobsEvicted, dangling, tempRemoved);
    }

    private static string? ReadBlobDigest(FileInfo file, string key)
    {
        try
        {
            return CacheEntryJson.Parse(File.ReadAllBytes(file.FullName), key, "the local cache").OutputSha256;
        }
        catch (Exception e) when (e is CacheEntryException or IOException)
        {
            return null;
        }
    }

    private static int RemoveStaleTemporaries(LocalStore store)
    {
        var cutoff = store.UtcNow - TempFileGrace;
        var stale = LocalStoreLayout.Temporaries(store).Where(f => f.LastWriteTimeUtc < cutoff).ToList();
        stale.ForEach(TryDelete);
        return stale.Count;
    }

    private static void TryDelete(FileInfo file)
    {
        try
        {
            file.Delete();
        }
        catch (IOException)
        {
            // Removed by a concurrent collector; nothing left to do.
        }
    }
}
