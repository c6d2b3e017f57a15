using RedoxBuild.Cache.Entries;
using RedoxBuild.Cache.Stores;

namespace RedoxBuild.Tests.Cache.Servers;

/// <summary>
/// Wraps a real store and kills the publisher in the middle of a blob upload: once <paramref name="afterBytes"/>
/// bytes of the body were read, it cancels the publisher's token, as Ctrl+C or a CI timeout would.
/// </summary>
public sealed class CancellingStore(IRemoteCacheStore inner, CancellationTokenSource publisher, long afterBytes) : IRemoteCacheStore
{
    public string DisplayName => inner.DisplayName;
    public Task<byte[]?> GetEntryAsync(string key, CancellationToken cancellationToken) => inner.GetEntryAsync(key, cancellationToken);
    public Task PutEntryAsync(CacheEntry entry, byte[] json, CancellationToken cancellationToken) => inner.PutEntryAsync(entry, json, cancellationToken);
    public Task<long?> BlobSizeAsync(string digest, CancellationToken cancellationToken) => inner.BlobSizeAsync(digest, cancellationToken);
    public Task<bool> GetBlobAsync(string digest, Stream destination, CancellationToken cancellationToken) => inner.GetBlobAsync(digest, destination, cancellationToken);

    public Task PutBlobAsync(string digest, Stream content, long size, CancellationToken cancellationToken)
    {
        var start = content.Position;
        return inner.PutBlobAsync(digest, new ProgressStream(content, () =>
        {
            if (content.Position - start >= afterBytes) publisher.Cancel();
        }), size, cancellationToken);
    }

    public void Dispose() => inner.Dispose();
}
