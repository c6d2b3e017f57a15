using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RedoxBuild.Cache.Entries;

namespace RedoxBuild.Cache.Stores.Http;

/// <summary>
/// A Bazel-style HTTP cache: GET/PUT/HEAD on &lt;base&gt;/ac/&lt;key&gt; and &lt;base&gt;/cas/&lt;sha256&gt; (bazel-remote, nginx with
/// WebDAV, or any server that stores what is PUT). Authentication is a bearer token (--cache-token) or basic
/// credentials in the URL; either goes in a header, never into messages. bazel-remote validates ac/ bodies as
/// Bazel ActionResults unless started with --disable_http_ac_validation.
/// </summary>
public sealed class HttpStore : IRemoteCacheStore
{
    private readonly HttpClient _client;
    private readonly Uri _base;
    private readonly AuthenticationHeaderValue? _authorization;

    public HttpStore(Uri url, SecretText? token, int connections)
    {
        _base = new UriBuilder(url) { UserName = "", Password = "", Path = url.AbsolutePath.TrimEnd('/') + "/" }.Uri;
        DisplayName = HttpFailures.Display(url);
        _client = HttpFailures.CreateClient(connections);
        if (token is not null) _authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        else if (url.UserInfo.Length > 0)
            _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(url.UserInfo))));
    }

    public string DisplayName { get; }

    public async Task<byte[]?> GetEntryAsync(string key, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "ac/" + CacheIdentifiers.RequireKey(key), null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw HttpFailures.From(response, $"GET ac/{key}");
        return await HttpFailures.ReadSmallBodyAsync(response, $"GET ac/{key}", cancellationToken);
    }

    public async Task PutEntryAsync(CacheEntry entry, byte[] json, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await SendAsync(HttpMethod.Put, "ac/" + CacheIdentifiers.RequireKey(entry.Key), content, cancellationToken);
        if (!response.IsSuccessStatusCode) throw HttpFailures.From(response, $"PUT ac/{entry.Key}");
    }

    public async Task<long?> BlobSizeAsync(string digest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Head, "cas/" + CacheIdentifiers.RequireDigest(digest), null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw HttpFailures.From(response, $"HEAD cas/{digest}");
        return response.Content.Headers.ContentLength ?? -1;
    }

    public async Task<bool> GetBlobAsync(string digest, Stream destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "cas/" + CacheIdentifiers.RequireDigest(digest), null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        if (!response.IsSuccessStatusCode) throw HttpFailures.From(response, $"GET cas/{digest}");
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(destination, 1 << 20, cancellationToken);
        return true;
    }

    public async Task PutBlobAsync(string digest, Stream content, long size, CancellationToken cancellationToken)
    {
        var body = new StreamContent(content, 1 << 20);
        body.Headers.ContentLength = size;
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(HttpMethod.Put, "cas/" + CacheIdentifiers.RequireDigest(digest), body, cancellationToken);
        if (!response.IsSuccessStatusCode) throw HttpFailures.From(response, $"PUT cas/{digest}");
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, HttpContent? content, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(_base, relative)) { Content = content };
        request.Headers.Authorization = _authorization;
        return _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public void Dispose() => _client.Dispose();
}
