using System.Net;

namespace RedoxBuild.Cache.Stores.Http;

/// <summary>Turns unexpected HTTP answers into <see cref="CacheStoreException"/>s that say whether retrying can help.</summary>
public static class HttpFailures
{
    /// <summary>Records are small; anything bigger than this is not a record and is not read into memory.</summary>
    public const int MaxEntryBytes = 1 << 20;

    public static CacheStoreException From(HttpResponseMessage response, string what)
    {
        var status = (int)response.StatusCode;
        var transient = status is 408 or 429 or >= 500;
        var hint = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => " (check --cache-token / CACHE_TOKEN)",
            HttpStatusCode.Forbidden => " (the credentials lack permission for this operation)",
            _ => "",
        };
        return new CacheStoreException($"{what}: HTTP {status} {response.ReasonPhrase}{hint}", transient, RetryAfter(response));
    }

    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero;
        return null;
    }

    /// <summary>Reads a small body, refusing more than <see cref="MaxEntryBytes"/>.</summary>
    public static async Task<byte[]> ReadSmallBodyAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxEntryBytes)
            throw new CacheStoreException($"{what}: the answer is {response.Content.Headers.ContentLength} bytes, too large for a cache record", transient: false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxEntryBytes) throw new CacheStoreException($"{what}: the answer is too large for a cache record", transient: false);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>An HttpClient that leaves timeouts to the caller's idle timeout and keeps a bounded connection pool.</summary>
    public static HttpClient CreateClient(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = Math.Max(1, connections),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = true,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>A URL as messages may show it: user info (credentials) and query string removed.</summary>
    public static string Display(Uri uri) => new UriBuilder(uri) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri.ToString().TrimEnd('/');
}
