using RedoxBuild.Cache.Entries;

namespace RedoxBuild.Cache.Stores;

/// <summary>
/// A remote cache: ac/ records by key and cas/ blobs by SHA-256, however the backend spells them. Each call is one
/// attempt: failures throw <see cref="CacheStoreException"/> (Transient for 429, 5xx, timeouts and dropped
/// connections), and the caller retries with backoff. "Absent" is a normal answer (null or false), never an error.
/// </summary>
public interface IRemoteCacheStore : IDisposable
{
    /// <summary>Where this store is, for messages: never contains credentials.</summary>
    string DisplayName { get; }

    Task<byte[]?> GetEntryAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores the record; callers only do this after the blob it names is stored.</summary>
    Task PutEntryAsync(CacheEntry entry, byte[] json, CancellationToken cancellationToken);

    /// <summary>
    /// The stored size of a blob, or null when absent. Publishing compares it with the archive's size and uploads again
    /// on a mismatch, so a truncated blob left by a killed upload on a lax server does not block later publishes.
    /// </summary>
    Task<long?> BlobSizeAsync(string digest, CancellationToken cancellationToken);

    /// <summary>Copies the blob into <paramref name="destination"/>; false when the store does not have it.</summary>
    Task<bool> GetBlobAsync(string digest, Stream destination, CancellationToken cancellationToken);

    /// <summary>Uploads <paramref name="size"/> bytes from <paramref name="content"/> (seekable, positioned at 0).</summary>
    Task PutBlobAsync(string digest, Stream content, long size, CancellationToken cancellationToken);
}
