using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using RedoxBuild.Cache.Entries;
using RedoxBuild.Cache.Stores.Http;

namespace RedoxBuild.Cache.Stores.Oci;

/// <summary>
/// Outputs as OCI artifacts in one registry repository (distribution API v2): blobs are uploaded with POST then
/// PUT ?digest=, the manifest is PUT under the content key as its tag, after its blobs (registries reject a
/// manifest whose blobs are missing). Reads send Accept: application/vnd.oci.image.manifest.v1+json, without
/// which registries such as distribution 2.8 answer 404 for OCI manifests.
/// </summary>
public sealed class OciStore : IRemoteCacheStore
{
    private readonly HttpClient _client;
    private readonly OciLocation _location;
    private readonly OciAuthenticator _authenticator;

    public OciStore(Uri url, string? user, SecretText? password, int connections)
    {
        _location = OciLocation.Parse(url);
        _client = HttpFailures.CreateClient(connections);
        _authenticator = new OciAuthenticator(_client, user, password);
    }

    public string DisplayName => _location.Display;

    public async Task<byte[]?> GetEntryAsync(string key, CancellationToken cancellationToken)
    {
        var what = $"GET manifest {key}";
        byte[] manifest;
        using (var response = await SendAsync(() => Request(HttpMethod.Get, $"manifests/{CacheIdentifiers.RequireKey(key)}", accept: OciArtifact.ManifestMediaType), cancellationToken))
        {
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            if (!response.IsSuccessStatusCode) throw HttpFailures.From(response, what);
            manifest = await HttpFailures.ReadSmallBodyAsync(response, what, cancellationToken);
        }

        var configDigest = OciArtifact.ConfigDigest(manifest, key);
        using var config = await SendAsync(() => Request(HttpMethod.Get, $"blobs/sha256:{configDigest}"), cancellationToken);
        // A manifest pointing at a missing config is the same "record without blob" situation: a miss.
        if (config.StatusCode == HttpStatusCode.NotFound) return null;
        if (!config.IsSuccessStatusCode) throw HttpFailures.From(config, $"GET config of {key}");
        var json = await HttpFailures.ReadSmallBodyAsync(config, $"GET config of {key}", cancellationToken);
        if (Convert.ToHexStringLower(SHA256.HashData(json)) != configDigest)
            throw new CacheIntegrityException($"the config blob of the manifest tagged {key} does not match its digest");
        return json;
    }

    public async Task PutEntryAsync(CacheEntry entry, byte[] json, CancellationToken cancellationToken)
    {
        var configDigest = Convert.ToHexStringLower(SHA256.HashData(json));
        if (await BlobSizeAsync(configDigest, cancellationToken) != json.Length)
            await UploadAsync(configDigest, () => new ByteArrayContent(json), cancellationToken);

        var manifest = OciArtifact.Manifest(entry, configDigest, json.Length);
        using var response = await SendAsync(() =>
        {
            var request = Request(HttpMethod.Put, $"manifests/{CacheIdentifiers.RequireKey(entry.Key)}");
            request.Content = new ByteArrayContent(manifest);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(OciArtifact.ManifestMediaType);
            return request;
        }, cancellationToken);
        if (!response.IsSuccessStatusCode) throw HttpFailures.From(response, $"PUT manifest {entry.Key}");
    }

    public async Task<long?> BlobSizeAsync(string digest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Head, $"blobs/sha256:{CacheIdentifiers.RequireDigest(digest)}"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw HttpFailures.From(response, $"HEAD blob {digest}");
        return response.Content.Headers.ContentLength ?? -1;
    }

    public async Task<bool> GetBlobAsync(string digest, Stream destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Get, $"blobs/sha256:{CacheIdentifiers.RequireDigest(digest)}"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        if (!response.IsSuccessStatusCode) throw HttpFailures.From(response, $"GET blob {digest}");
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(destination, 1 << 20, cancellationToken);
        return true;
    }

    public Task PutBlobAsync(string digest, Stream content, long size, CancellationToken cancellationToken) =>
        UploadAsync(CacheIdentifiers.RequireDigest(digest), () =>
        {
            // A retried request (after a 401) sends the body again from its start; the wrapper keeps StreamContent
            // from disposing the caller's stream in between.
            content.Position = 0;
            var body = new StreamContent(new ProgressStream(content, static () => { }), 1 << 20);
            body.Headers.ContentLength = size;
            return body;
        }, cancellationToken);

    /// <summary>The monolithic upload: POST opens a session (202 + Location), PUT Location&amp;digest= with the body closes it.</summary>
    private async Task UploadAsync(string digest, Func<HttpContent> content, CancellationToken cancellationToken)
    {
        Uri location;
        using (var start = await SendAsync(() => Request(HttpMethod.Post, "blobs/uploads/"), cancellationToken))
        {
            if (start.StatusCode != HttpStatusCode.Accepted || start.Headers.Location is null) throw HttpFailures.From(start, $"start upload of {digest}");
            location = start.Headers.Location.IsAbsoluteUri ? start.Headers.Location : new Uri(_location.Registry, start.Headers.Location);
        }

        var separator = location.Query.Length > 0 ? "&" : "?";
        var put = new Uri(location + $"{separator}digest=sha256:{digest}");
        using var finish = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, put) { Content = content() };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return request;
        }, cancellationToken);
        if (finish.StatusCode != HttpStatusCode.Created) throw HttpFailures.From(finish, $"upload of {digest}");
    }

    private HttpRequestMessage Request(HttpMethod method, string relative, string? accept = null)
    {
        var request = new HttpRequestMessage(method, new Uri(_location.Registry, $"/v2/{_location.Repository}/{relative}"));
        if (accept is not null) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return request;
    }

    /// <summary>Sends with the current credentials; a 401 is answered once (token flow) and the request re-created.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        var response = await SendOnceAsync(create(), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        using (response)
            if (!await _authenticator.AnswerAsync(response, cancellationToken))
                throw HttpFailures.From(response, "registry authentication (check --cache-user and --cache-token)");
        return await SendOnceAsync(create(), cancellationToken);
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _authenticator.Current;
        return _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public void Dispose() => _client.Dispose();
}
