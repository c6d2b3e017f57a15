using RedoxBuild.Cache.Entries;

namespace RedoxBuild.Cache;

/// <summary>
/// The binary cache as Cook sees it. Cook computes a content key per recipe (SHA-256 of its inputs); before
/// building it asks <see cref="TryRestoreAsync"/>, after building it calls <see cref="StoreAsync"/>, and
/// PublishCache hands the built outputs to <see cref="PublishAsync"/>. A cache problem never fails the build
/// (it is logged as a warning and counted as a miss) unless --require-cache is on.
/// </summary>
public interface IBuildCache : IAsyncDisposable
{
    /// <summary>
    /// Restores the output recorded for <paramref name="key"/> into <paramref name="destinationDirectory"/> (absent or
    /// empty): the local store first, then each remote in order; a remote hit is also kept locally. On a miss the
    /// destination is left as it was.
    /// </summary>
    Task<CacheRestoreResult> TryRestoreAsync(string key, string destinationDirectory, CancellationToken cancellationToken = default);

    /// <summary>Archives a finished stage directory and records it in the local store under <paramref name="key"/>.</summary>
    Task<CacheStoreResult> StoreAsync(string key, string stageDirectory, OutputMetadata metadata, CancellationToken cancellationToken = default);

    /// <summary>Pushes outputs (stored locally first when needed) to every remote; failures are listed, not swallowed.</summary>
    Task<CachePublishReport> PublishAsync(IReadOnlyList<CachePublishRequest> outputs, CancellationToken cancellationToken = default);

    /// <summary>Hits, misses, bytes moved and build time saved so far.</summary>
    CacheReport Report { get; }
}

/// <summary>What Cook knows about an output besides its files.</summary>
public sealed record OutputMetadata(string RecipeName, string RecipeVersion, TimeSpan BuildDuration);

/// <summary>Why a lookup missed. Only NotFound is silent; the others were logged as warnings.</summary>
public enum CacheMissReason { NotFound, Untrusted, Corrupt, Unavailable }

/// <summary>The answer to one lookup. Source is "local" or a remote's display name.</summary>
public sealed record CacheRestoreResult(string Key, bool Hit, string? Source, CacheEntry? Entry, long BytesDownloaded, CacheMissReason? MissReason, string? Detail)
{
    public TimeSpan TimeSaved => Hit && Entry is not null ? Entry.BuildDuration : TimeSpan.Zero;

    public static CacheRestoreResult Miss(string key, CacheMissReason reason, string? detail = null) => new(key, false, null, null, 0, reason, detail);
}

/// <summary>The outcome of storing one output locally; Problem says why it was not stored.</summary>
public sealed record CacheStoreResult(string Key, bool Stored, CacheEntry? Entry, string? Problem);

/// <summary>One output to publish: Cook's key, its stage directory and metadata.</summary>
public sealed record CachePublishRequest(string Key, string StageDirectory, OutputMetadata Metadata);

/// <summary>One output on one remote. BlobAlreadyPresent: the remote had the archive, only the record was written.</summary>
public sealed record CachePublishOutcome(string Key, string Remote, bool Published, bool BlobAlreadyPresent, long BytesUploaded, string? Error);

/// <summary>Everything PublishAsync did; Failures is what the build summary must show.</summary>
public sealed record CachePublishReport(IReadOnlyList<CachePublishOutcome> Outcomes, string? Skipped = null)
{
    public IReadOnlyList<CachePublishOutcome> Failures => Outcomes.Where(o => !o.Published).ToList();
}
