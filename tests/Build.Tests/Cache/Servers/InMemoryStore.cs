using System.Collections.Concurrent;
using RedoxBuild.Cache;
using RedoxBuild.Cache.Entries;
using RedoxBuild.Cache.Stores;

namespace RedoxBuild.Tests.Cache.Servers;

/// <summary>
/// A remote store in memory with scripted failures, for the BuildCache's own policy (retries, failure handling)
/// without a network. The real protocols are tested against real servers in the *StoreTests classes.
/// </summary>
public sealed class InMemoryStore : IRemoteCacheStore
{
    public ConcurrentDictionary<string, byte[]> Objects { get; } = new();

    /// <summary>Each call takes the next scripted failure, if any, before doing its work.</summary>
    public ConcurrentQueue<Exception> FailNext { get; } = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    public string DisplayName => "memory://test";

    public Task<byte[]?> GetEntryAsync(string key, CancellationToken cancellationToken) =>
        Run($"GET ac/{key}", () => Objects.TryGetValue("ac/" + key, out var bytes) ? bytes : null);

    public Task PutEntryAsync(CacheEntry entry, byte[] json, CancellationToken cancellationToken) =>
        Run($"PUT ac/{entry.Key}", () => Objects["ac/" + entry.Key] = json);

    public Task<long?> BlobSizeAsync(string digest, CancellationToken cancellationToken) =>
        Run($"HEAD cas/{digest}", () => Objects.TryGetValue("cas/" + digest, out var bytes) ? bytes.Length : (long?)null);

    public async Task<bool> GetBlobAsync(string digest, Stream destination, CancellationToken cancellationToken)
    {
        var bytes = await Run($"GET cas/{digest}", () => Objects.GetValueOrDefault("cas/" + digest));
        if (bytes is null) return false;
        await destination.WriteAsync(bytes, cancellationToken);
        return true;
    }

    public async Task PutBlobAsync(string digest, Stream content, long size, CancellationToken cancellationToken)
    {
        await Run($"PUT cas/{digest}", () => 0);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        Objects["cas/" + digest] = buffer.ToArray();
    }

    private Task<T> Run<T>(string call, Func<T> work)
    {
        Calls.Enqueue(call);
        if (FailNext.TryDequeue(out var failure)) return Task.FromException<T>(failure);
        return Task.FromResult(work());
    }

    public static CacheStoreException ServerError() => new("HTTP 503 Service Unavailable", transient: true);

    public void Dispose()
    {
    }
}
