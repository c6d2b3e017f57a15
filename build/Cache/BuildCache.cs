using RedoxBuild.Cache.Archive;
using RedoxBuild.Cache.Entries;
using RedoxBuild.Cache.Signing;
using RedoxBuild.Cache.Stores;
using RedoxBuild.Cache.Stores.Local;
using RedoxBuild.Engine;
using Serilog;

namespace RedoxBuild.Cache;

/// <summary>
/// The binary cache: a local directory store in front of any number of remotes, with signed entries and
/// content-addressed, re-hashed archives. Reads go local first, then remotes in order; writes go local
/// (StoreAsync) and, on request, to remotes (PublishAsync), blob before record. See README "Binary cache".
/// </summary>
public sealed partial class BuildCache : IBuildCache
{
    private readonly CacheOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CacheSigningKey? _signingKey;
    private readonly RemoteRetry _retry;
    private readonly SemaphoreSlim _remoteSlots;
    private readonly CacheStatistics _statistics = new();

    public BuildCache(CacheOptions options, IReadOnlyList<IRemoteCacheStore> remotes, ILogger logger, TimeProvider? time = null)
    {
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        Local = new LocalStore(options.LocalDirectory, _time);
        try
        {
            // Up front, so a --cache-dir that names someone's files fails before cooking, not at the first store or trim.
            Local.EnsureOwned();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unusable store (not a directory, read-only...) is a warning at each use, like any other store failure.
        }
        Remotes = remotes;
        try
        {
            _signingKey = options.SecretKeyFile is null ? null : CacheSigningKey.Load(options.SecretKeyFile);
            Trust = CacheTrust.Load(options.TrustedKeys, options.TrustedKeysFile, _signingKey);
        }
        catch (Exception e) when (e is FormatException or IOException or InvalidOperationException)
        {
            throw new BuildFailure($"Binary cache keys: {e.Message}", e);
        }
        _retry = new RemoteRetry(options.Retry, logger);
        _remoteSlots = new SemaphoreSlim(Math.Max(1, options.Jobs));
    }

    /// <summary>A cache with the remotes named by <see cref="CacheOptions.RemoteUrls"/>.</summary>
    public static BuildCache Create(CacheOptions options, ILogger logger, TimeProvider? time = null)
    {
        var remotes = new List<IRemoteCacheStore>();
        try
        {
            remotes.AddRange(options.RemoteUrls.Select(url => CacheStoreFactory.Create(url, options)));
            return new BuildCache(options, remotes, logger, time);
        }
        catch
        {
            remotes.ForEach(r => r.Dispose());
            throw;
        }
    }

    public LocalStore Local { get; }
    public IReadOnlyList<IRemoteCacheStore> Remotes { get; }
    public CacheTrust Trust { get; }

    /// <summary>The public half of the signing key, or null when entries are stored unsigned.</summary>
    public CachePublicKey? SigningPublicKey => _signingKey?.PublicKey;

    public CacheReport Report => _statistics.Snapshot();

    public ValueTask DisposeAsync()
    {
        foreach (var remote in Remotes) remote.Dispose();
        _remoteSlots.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Parses a record and checks its signature. Remote records always need a trusted signature; local ones only
    /// when this build signs (without a key, the local store is as trusted as the build directory itself).
    /// </summary>
    private (CacheEntry? Entry, CacheMissReason? Reason, string? Detail) Check(byte[] json, string key, string source, bool requireSignature)
    {
        CacheEntry entry;
        try
        {
            entry = CacheEntryJson.Parse(json, key, source);
        }
        catch (CacheEntryException e)
        {
            return (null, CacheMissReason.Corrupt, e.Message);
        }
        if (!requireSignature) return (entry, null, null);
        var check = Trust.Check(entry);
        return check.Trusted ? (entry, null, null) : (null, CacheMissReason.Untrusted, $"ac/{key} from {source} is not used: {check.Detail}");
    }

    private bool LocalEntriesNeedSignature => _signingKey is not null;

    /// <summary>One remote operation with retries, holding one of the --cache-jobs slots.</summary>
    private async Task<T> RemoteAsync<T>(IRemoteCacheStore remote, string what, Func<RemoteAttempt, Task<T>> operation, CancellationToken cancellationToken)
    {
        await _remoteSlots.WaitAsync(cancellationToken);
        try
        {
            return await _retry.RunAsync($"{remote.DisplayName}: {what}", operation, cancellationToken);
        }
        finally
        {
            _remoteSlots.Release();
        }
    }

    private async Task ExtractLocalAsync(CacheEntry entry, string destination, CancellationToken cancellationToken)
    {
        await using var blob = Local.OpenBlob(entry.OutputSha256);
        await OutputArchiveExtractor.ExtractAsync(blob, destination, new ArchiveExpectation(entry.OutputSha256, entry.Size), cancellationToken);
    }

    private void Warn(string messageTemplate, params object?[] values)
    {
        _statistics.Warning();
        _logger.Warning(messageTemplate, values);
    }

    /// <summary>A store failed (not a plain miss): a warning, or the end of the build under --require-cache.</summary>
    private void Failed(string where, Exception e)
    {
        if (_options.RequireCache)
            throw new BuildFailure($"The binary cache failed ({where}) and --require-cache is on: {e.Message}", e);
        Warn("Cache: {Where} failed, carrying on without it: {Message}", where, e.Message);
    }

    private void Trim()
    {
        try
        {
            if (Local.TrimIfOverLimit(_options.LocalSizeLimit) is { } result)
                _logger.Information("Cache: local store over {Limit}; evicted {Blobs} least recently used outputs ({Freed})",
                    new ByteSize(_options.LocalSizeLimit).ToHumanString(), result.BlobsEvicted, new ByteSize(result.BytesBefore - result.BytesAfter).ToHumanString());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Warn("Cache: trimming the local store {Root} failed: {Message}", Local.Root, e.Message);
        }
    }

    private static bool IsStoreFailure(Exception e) =>
        e is CacheStoreException or HttpRequestException or IOException or UnauthorizedAccessException;
}
