using System.Collections.Concurrent;
using RedoxBuild.Cache.Archive;
using RedoxBuild.Cache.Entries;
using RedoxBuild.Cache.Stores;
using RedoxBuild.Engine;

namespace RedoxBuild.Cache;

public sealed partial class BuildCache
{
    public async Task<CacheStoreResult> StoreAsync(string key, string stageDirectory, OutputMetadata metadata, CancellationToken cancellationToken = default)
    {
        CacheIdentifiers.RequireKey(key);
        try
        {
            var (entry, _) = await StoreLocallyAsync(key, stageDirectory, metadata, cancellationToken);
            _statistics.Stored();
            return new CacheStoreResult(key, true, entry, null);
        }
        catch (ArchiveFormatException e)
        {
            // The output itself cannot be cached (a FIFO, an escaping symlink...): the build is fine, the cache skips it.
            Warn("Cache: the output of {Recipe} is not cacheable: {Message}", metadata.RecipeName, e.Message);
            return new CacheStoreResult(key, false, null, e.Message);
        }
        catch (Exception e) when (IsStoreFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            Failed($"storing {metadata.RecipeName} in {Local.Root}", e);
            return new CacheStoreResult(key, false, null, e.Message);
        }
    }

    /// <summary>Archive into tmp/, commit the blob to cas/, then (and only then) write the signed record.</summary>
    private async Task<(CacheEntry Entry, byte[] Json)> StoreLocallyAsync(string key, string stageDirectory, OutputMetadata metadata, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(stageDirectory)) throw new ArchiveFormatException($"The stage directory {stageDirectory} does not exist.");
        ArchiveSummary summary;
        await using (var staged = Local.StageBlob(verify: false))
        {
            summary = await OutputArchiveWriter.WriteAsync(stageDirectory, staged.Content, cancellationToken);
            await staged.CommitAsync(summary.Sha256, cancellationToken);
        }

        var entry = new CacheEntry
        {
            Schema = CacheEntry.CurrentSchema,
            Key = key,
            OutputSha256 = summary.Sha256,
            Size = summary.Size,
            FileListSha256 = summary.FileListSha256,
            FileCount = summary.FileCount,
            Recipe = new RecipeIdentity(metadata.RecipeName, metadata.RecipeVersion),
            Builder = _options.Builder,
            BuildSeconds = Math.Round(metadata.BuildDuration.TotalSeconds, 3),
            Created = _time.GetUtcNow(),
        };
        if (_signingKey is not null) entry = entry with { Signatures = [_signingKey.Sign(entry)] };
        var json = CacheEntryJson.Serialize(entry);
        await Local.WriteEntryAsync(key, json, cancellationToken);
        Trim();
        return (entry, json);
    }

    public async Task<CachePublishReport> PublishAsync(IReadOnlyList<CachePublishRequest> outputs, CancellationToken cancellationToken = default)
    {
        if (_options.ReadOnly) return new CachePublishReport([], "--cache-read-only is on: nothing was published.");
        if (Remotes.Count == 0) return new CachePublishReport([], "No --cache-url is configured: there is nowhere to publish to.");
        if (_signingKey is null)
            throw new BuildFailure("Publishing needs a signing key, because readers only use signed entries. Create one with ./build.sh CacheKeygen --cache-key-name <name>, then pass --cache-secret-key-file.");

        var outcomes = new ConcurrentBag<(int Order, CachePublishOutcome Outcome)>();
        var numbered = outputs.Select((request, index) => (request, index));
        await Parallel.ForEachAsync(numbered, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Jobs), CancellationToken = cancellationToken }, async (item, token) =>
        {
            var (request, index) = item;
            (CacheEntry Entry, byte[] Json)? prepared = null;
            string? problem = null;
            try
            {
                prepared = await PrepareForPublishAsync(request, token);
            }
            catch (Exception e) when (e is ArchiveFormatException || IsStoreFailure(e) && !token.IsCancellationRequested)
            {
                problem = $"could not be stored locally: {e.Message}";
            }
            for (var r = 0; r < Remotes.Count; r++)
            {
                var outcome = prepared is { } ready
                    ? await PushAsync(Remotes[r], ready.Entry, ready.Json, token)
                    : Failure(request.Key, Remotes[r], problem!);
                outcomes.Add((index * Remotes.Count + r, outcome));
            }
        });

        var report = new CachePublishReport(outcomes.OrderBy(o => o.Order).Select(o => o.Outcome).ToList());
        if (_options.RequireCache && report.Failures.Count > 0)
            throw new BuildFailure($"Publishing to the binary cache failed for {report.Failures.Count} output(s) and --require-cache is on: " +
                                   string.Join("; ", report.Failures.Select(f => $"{f.Key[..12]} on {f.Remote}: {f.Error}")));
        return report;
    }

    /// <summary>
    /// The local entry to push: the existing one when its archive still hashes right (signed by this key too),
    /// otherwise a fresh one from the stage directory. Verifying first matters: a bad blob uploaded under a
    /// digest name would sit on the remote as "present" and never be replaced.
    /// </summary>
    private async Task<(CacheEntry Entry, byte[] Json)> PrepareForPublishAsync(CachePublishRequest request, CancellationToken cancellationToken)
    {
        var json = await Local.ReadEntryAsync(CacheIdentifiers.RequireKey(request.Key), cancellationToken);
        var (entry, _, _) = json is null ? (null, null, null) : Check(json, request.Key, "the local cache", LocalEntriesNeedSignature);
        if (entry is not null && Local.HasBlob(entry.OutputSha256) && await LocalBlobIsIntactAsync(entry, cancellationToken))
        {
            var key = _signingKey!;
            if (entry.Signatures.Any(s => key.PublicKey.Verifies(entry, s))) return (entry, json!);
            var signed = entry with { Signatures = [.. entry.Signatures.Where(s => s.KeyName != key.Name), key.Sign(entry)] };
            var signedJson = CacheEntryJson.Serialize(signed);
            await Local.WriteEntryAsync(request.Key, signedJson, cancellationToken);
            return (signed, signedJson);
        }
        var stored = await StoreLocallyAsync(request.Key, request.StageDirectory, request.Metadata, cancellationToken);
        _statistics.Stored();
        return stored;
    }

    private async Task<bool> LocalBlobIsIntactAsync(CacheEntry entry, CancellationToken cancellationToken)
    {
        await using var blob = Local.OpenBlob(entry.OutputSha256);
        await using var hashing = new HashingStream(blob);
        await hashing.CopyToAsync(Stream.Null, cancellationToken);
        return hashing.CurrentHex() == entry.OutputSha256 && hashing.BytesHashed == entry.Size;
    }

    /// <summary>Blob first (unless the remote has it), record last: a reader can never find a record without its blob.</summary>
    private async Task<CachePublishOutcome> PushAsync(IRemoteCacheStore remote, CacheEntry entry, byte[] json, CancellationToken cancellationToken)
    {
        var digest = entry.OutputSha256;
        try
        {
            var present = await RemoteAsync(remote, $"HEAD cas/{digest}", attempt => remote.BlobSizeAsync(digest, attempt.Token), cancellationToken) == entry.Size;
            long uploaded = 0;
            if (!present)
            {
                uploaded = await RemoteAsync(remote, $"PUT cas/{digest}", async attempt =>
                {
                    await using var file = Local.OpenBlob(digest);
                    await remote.PutBlobAsync(digest, new ProgressStream(file, attempt.Progress), entry.Size, attempt.Token);
                    return entry.Size;
                }, cancellationToken);
                _statistics.Uploaded(uploaded);
            }
            await WriteRecordAsync(remote, entry, json, cancellationToken);
            _statistics.Uploaded(json.Length);
            _logger.Debug("Cache: published {Recipe} ({Key}) to {Remote}", entry.Recipe.Name, entry.Key, remote.DisplayName);
            return new CachePublishOutcome(entry.Key, remote.DisplayName, true, present, uploaded + json.Length, null);
        }
        catch (Exception e) when (IsStoreFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            return Failure(entry.Key, remote, e.Message);
        }
    }

    /// <summary>
    /// Writes the record and reads it back. Two publishers of one key race on the record; atomic stores keep one
    /// whole record, but some S3-compatible servers (s3rver among them) write objects in place and can interleave
    /// the two. Reading back and rewriting after a random pause converges on one whole record; whichever whole
    /// record remains is fine, because each was written after its own blob.
    /// </summary>
    private async Task WriteRecordAsync(IRemoteCacheStore remote, CacheEntry entry, byte[] json, CancellationToken cancellationToken)
    {
        for (var round = 1; ; round++)
        {
            await RemoteAsync(remote, $"PUT ac/{entry.Key}", async attempt =>
            {
                await remote.PutEntryAsync(entry, json, attempt.Token);
                return true;
            }, cancellationToken);
            if (await ReadsBackWholeAsync(remote, entry.Key, cancellationToken)) return;
            if (round == MaxRecordWrites)
                throw new CacheStoreException($"ac/{entry.Key} did not read back as a whole record after {round} writes (concurrent publishers on a store that does not write atomically?)", transient: false);
            _logger.Debug("Cache: ac/{Key} on {Remote} did not read back whole; writing it again", entry.Key, remote.DisplayName);
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 250)), cancellationToken);
        }
    }

    private const int MaxRecordWrites = 5;

    private async Task<bool> ReadsBackWholeAsync(IRemoteCacheStore remote, string key, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Retry.IdleTimeout);
            var json = await remote.GetEntryAsync(key, timeout.Token);
            return json is not null && Check(json, key, remote.DisplayName, requireSignature: false).Entry is not null;
        }
        catch (Exception e) when (IsStoreFailure(e) || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private CachePublishOutcome Failure(string key, IRemoteCacheStore remote, string error)
    {
        _statistics.UploadFailed();
        Warn("Cache: publishing {Key} to {Remote} failed: {Error}", key, remote.DisplayName, error);
        return new CachePublishOutcome(key, remote.DisplayName, false, false, 0, error);
    }
}
