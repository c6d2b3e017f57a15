using RedoxBuild.Cache.Archive;
using RedoxBuild.Cache.Entries;
using RedoxBuild.Cache.Stores;

namespace RedoxBuild.Cache;

public sealed partial class BuildCache
{
    private const string LocalSource = "local";

    public async Task<CacheRestoreResult> TryRestoreAsync(string key, string destinationDirectory, CancellationToken cancellationToken = default)
    {
        CacheIdentifiers.RequireKey(key);
        if (Directory.Exists(destinationDirectory) && Directory.EnumerateFileSystemEntries(destinationDirectory).Any())
            throw new InvalidOperationException($"Restore destination {destinationDirectory} must be absent or empty.");

        // Nothing about a miss is remembered, not even within this process: a remote may receive the entry any
        // moment (Nix users rebuild things already cached because 404s are cached for an hour).
        var misses = new List<CacheRestoreResult> { await TryLocalAsync(key, destinationDirectory, cancellationToken) };
        if (misses[0].Hit) return misses[0];
        foreach (var remote in Remotes)
        {
            var result = await TryRemoteAsync(remote, key, destinationDirectory, cancellationToken);
            if (result.Hit) return result;
            misses.Add(result);
        }

        _statistics.Miss();
        return misses.FirstOrDefault(m => m.MissReason != CacheMissReason.NotFound) ?? misses[0];
    }

    private async Task<CacheRestoreResult> TryLocalAsync(string key, string destination, CancellationToken cancellationToken)
    {
        try
        {
            var json = await Local.ReadEntryAsync(key, cancellationToken);
            if (json is null) return CacheRestoreResult.Miss(key, CacheMissReason.NotFound);
            var (entry, reason, detail) = Check(json, key, "the local cache", LocalEntriesNeedSignature);
            if (entry is null)
            {
                Warn("Cache: {Detail}; treating it as a miss", detail);
                if (reason == CacheMissReason.Corrupt) Local.DeleteEntry(key);
                return CacheRestoreResult.Miss(key, reason!.Value, detail);
            }
            if (!Local.HasBlob(entry.OutputSha256))
            {
                // Evicted, or a crash between blob and record: the record alone is worthless.
                Local.DeleteEntry(key);
                return CacheRestoreResult.Miss(key, CacheMissReason.NotFound, $"ac/{key} in the local cache has no archive");
            }

            try
            {
                await ExtractLocalAsync(entry, destination, cancellationToken);
            }
            catch (Exception e) when (e is ArchiveFormatException or CacheIntegrityException)
            {
                Warn("Cache: the local archive for {Key} ({Recipe}) is damaged and was deleted: {Message}", key, entry.Recipe.Name, e.Message);
                Local.DeleteEntry(key);
                Local.DeleteBlob(entry.OutputSha256);
                return CacheRestoreResult.Miss(key, CacheMissReason.Corrupt, e.Message);
            }

            Local.Touch(key, entry.OutputSha256);
            _statistics.Hit(local: true, entry.BuildDuration, 0);
            return new CacheRestoreResult(key, true, LocalSource, entry, 0, null, null);
        }
        catch (Exception e) when (IsStoreFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            Failed($"local store {Local.Root}", e);
            return CacheRestoreResult.Miss(key, CacheMissReason.Unavailable, e.Message);
        }
    }

    private async Task<CacheRestoreResult> TryRemoteAsync(IRemoteCacheStore remote, string key, string destination, CancellationToken cancellationToken)
    {
        CacheEntry? entry = null;
        try
        {
            var json = await RemoteAsync(remote, $"GET ac/{key}", attempt => remote.GetEntryAsync(key, attempt.Token), cancellationToken);
            if (json is null) return CacheRestoreResult.Miss(key, CacheMissReason.NotFound);
            (entry, var reason, var detail) = Check(json, key, remote.DisplayName, requireSignature: true);
            if (entry is null)
            {
                Warn("Cache: {Detail}; treating it as a miss", detail);
                return CacheRestoreResult.Miss(key, reason!.Value, detail);
            }

            long downloaded = 0;
            if (!Local.HasBlob(entry.OutputSha256))
            {
                downloaded = await DownloadBlobAsync(remote, entry, cancellationToken);
                if (downloaded < 0)
                {
                    // Bazel's "missing digest" failures come from trusting a record whose blob was evicted.
                    Warn("Cache: {Remote} has ac/{Key} but not its archive cas/{Digest}; treating it as a miss", remote.DisplayName, key, entry.OutputSha256);
                    return CacheRestoreResult.Miss(key, CacheMissReason.NotFound, $"{remote.DisplayName} has the record but not the archive");
                }
            }

            await Local.WriteEntryAsync(key, json, cancellationToken);
            await ExtractLocalAsync(entry, destination, cancellationToken);
            Local.Touch(key, entry.OutputSha256);
            _statistics.Hit(local: false, entry.BuildDuration, downloaded);
            Trim();
            return new CacheRestoreResult(key, true, remote.DisplayName, entry, downloaded, null, null);
        }
        catch (Exception e) when (e is CacheIntegrityException or ArchiveFormatException)
        {
            Warn("Cache: the archive for {Key} from {Remote} was rejected: {Message}", key, remote.DisplayName, e.Message);
            if (entry is not null && e is ArchiveFormatException)
            {
                Local.DeleteEntry(key);
                Local.DeleteBlob(entry.OutputSha256);
            }
            return CacheRestoreResult.Miss(key, CacheMissReason.Corrupt, e.Message);
        }
        catch (Exception e) when (IsStoreFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            Failed(remote.DisplayName, e);
            return CacheRestoreResult.Miss(key, CacheMissReason.Unavailable, e.Message);
        }
    }

    /// <summary>Downloads into tmp/ while hashing; the blob enters cas/ only if it matches. Returns -1 when absent.</summary>
    private Task<long> DownloadBlobAsync(IRemoteCacheStore remote, CacheEntry entry, CancellationToken cancellationToken) =>
        RemoteAsync(remote, $"GET cas/{entry.OutputSha256}", async attempt =>
        {
            await using var staged = Local.StageBlob(verify: true);
            var sink = new ProgressStream(staged.Content, () =>
            {
                attempt.Progress();
                // Stop a server that sends more than the signed size before it fills the disk.
                if (staged.BytesWritten > entry.Size)
                    throw new CacheIntegrityException($"the archive is longer than the {entry.Size} bytes its entry records");
            });
            if (!await remote.GetBlobAsync(entry.OutputSha256, sink, attempt.Token)) return -1L;
            if (staged.BytesWritten != entry.Size)
                throw new CacheIntegrityException($"the archive is {staged.BytesWritten} bytes, its entry records {entry.Size}");
            return await staged.CommitVerifiedAsync(entry.OutputSha256, attempt.Token);
        }, cancellationToken);
}
