using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RedoxBuild.Docker;

/// <summary>Which kind of object a 404 from a request is about, so it becomes the matching exception.</summary>
internal enum NotFoundMeans { Nothing, Container, Image }

/// <summary>
/// HTTP/1.1 to the Engine API: over the unix socket through SocketsHttpHandler.ConnectCallback (or plain TCP), with
/// the API version negotiated once, JSON in PascalCase as the API spells it, and errors turned into exceptions.
/// </summary>
internal sealed class DockerConnection : IDisposable
{
    /// <summary>The API's own spelling (PascalCase, no naming policy); nulls left out so the daemon's defaults apply.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly DockerClientConfiguration _configuration;
    private readonly HttpClient _http;
    private readonly Version? _requested;
    private readonly Lock _lock = new();
    private Task<Version>? _negotiation;

    public DockerConnection(DockerClientConfiguration configuration, Version? requestedApiVersion)
    {
        _configuration = configuration;
        _requested = requestedApiVersion;
        var endpoint = configuration.EndpointBaseUri;
        var handler = endpoint.Scheme == "unix" ? Net.UnixSocketHttp.CreateHandler(DockerClientConfiguration.SocketPath(endpoint)) : new SocketsHttpHandler();
        var baseAddress = endpoint.Scheme == "unix" ? new Uri("http://localhost/") : new UriBuilder("http", endpoint.Host, endpoint.Port).Uri;
        // Waits, log follows and exec streams last as long as the build step they belong to.
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The version every versioned request uses: the requested one, or min(daemon's newest, ours).</summary>
    public Task<Version> ApiVersionAsync(CancellationToken cancellationToken)
    {
        if (_requested is not null) return Task.FromResult(_requested);
        lock (_lock)
        {
            // Shared by concurrent first requests; a failure is not kept, so a daemon started later is found.
            if (_negotiation is null || _negotiation.IsFaulted || _negotiation.IsCanceled) _negotiation = NegotiateAsync();
            return _negotiation.WaitAsync(cancellationToken);
        }
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, QueryString? query, HttpContent? content, NotFoundMeans notFound,
        CancellationToken cancellationToken, bool versioned = true, IReadOnlyDictionary<string, string>? headers = null)
    {
        var relative = (versioned ? $"v{await ApiVersionAsync(cancellationToken)}/" : "") + path + query;
        using var request = new HttpRequestMessage(method, relative) { Content = content };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException socket)
        {
            throw Unavailable(socket.SocketErrorCode, e);
        }

        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotModified) return response;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var display = $"{method.Method} /{path}{query}";
            var message = DockerApiException.MessageOf(body);
            throw response.StatusCode switch
            {
                HttpStatusCode.NotFound when message.Contains("No such image", StringComparison.OrdinalIgnoreCase) || notFound == NotFoundMeans.Image
                    => new DockerImageNotFoundException(response.StatusCode, body, display),
                HttpStatusCode.NotFound when message.Contains("No such container", StringComparison.OrdinalIgnoreCase) || notFound == NotFoundMeans.Container
                    => new DockerContainerNotFoundException(response.StatusCode, body, display),
                _ => new DockerApiException(response.StatusCode, body, display),
            };
        }
    }

    public async Task<T> JsonAsync<T>(HttpMethod method, string path, QueryString? query, object? body, NotFoundMeans notFound, CancellationToken cancellationToken,
        bool versioned = true)
    {
        using var response = await SendAsync(method, path, query, JsonContent(body), notFound, cancellationToken, versioned);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return JsonSerializer.Deserialize<T>(text, Json)
               ?? throw new DockerApiException(response.StatusCode, text, $"{method.Method} /{path}{query} (the answer was JSON null)");
    }

    /// <summary>A request whose answer is only its status.</summary>
    public async Task<HttpStatusCode> NoContentAsync(HttpMethod method, string path, QueryString? query, object? body, NotFoundMeans notFound, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, query, JsonContent(body), notFound, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>The answer's body as a stream read while it arrives (logs, exec output, progress); disposing it closes the connection.</summary>
    public async Task<Stream> StreamAsync(HttpMethod method, string path, QueryString? query, HttpContent? content, NotFoundMeans notFound, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var response = await SendAsync(method, path, query, content, notFound, cancellationToken, headers: headers);
        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    /// <summary>Reads newline-delimited JSON to the end, giving each object to <paramref name="onItem"/>.</summary>
    public static async Task ReadJsonLinesAsync<T>(Stream stream, Action<T> onItem, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Trim().Length == 0) continue;
            if (JsonSerializer.Deserialize<T>(line, Json) is { } item) onItem(item);
        }
    }

    /// <summary>Streams pull, import and build progress; an error line in the stream fails the operation.</summary>
    public static async Task ReadProgressAsync(Stream stream, string operation, IProgress<JSONMessage>? progress, CancellationToken cancellationToken)
    {
        JSONMessage? failure = null;
        await ReadJsonLinesAsync<JSONMessage>(stream, message =>
        {
            progress?.Report(message);
            if (message.Error is not null || message.ErrorMessage is not null) failure ??= message;
        }, cancellationToken);
        if (failure is not null) throw new DockerStreamException(operation, failure);
    }

    public static ByteArrayContent? JsonContent(object? body)
    {
        if (body is null) return null;
        // A known length (not chunked): Podman's compat API and older daemons read request bodies by Content-Length.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task<Version> NegotiateAsync()
    {
        var version = await JsonAsync<VersionResponse>(HttpMethod.Get, "version", null, null, NotFoundMeans.Nothing, CancellationToken.None, versioned: false);
        if (!Version.TryParse(version.APIVersion, out var server))
            throw new DockerApiException(HttpStatusCode.OK, version.APIVersion ?? "", $"GET /version (the daemon sent no usable ApiVersion: '{version.APIVersion}')");
        if (server < DockerClient.MinApiVersion)
            throw new NotSupportedException(
                $"The daemon at {_configuration.EndpointBaseUri} speaks Engine API {server} at most; this build needs {DockerClient.MinApiVersion} (Docker 17.12 or Podman 3) or newer. Update the daemon.");
        return server < DockerClient.MaxApiVersion ? server : DockerClient.MaxApiVersion;
    }

    private DockerDaemonUnavailableException Unavailable(SocketError error, Exception inner)
    {
        var endpoint = _configuration.EndpointBaseUri;
        var reason = endpoint.Scheme == "unix" && !File.Exists(DockerClientConfiguration.SocketPath(endpoint)) ? "the socket does not exist" : error switch
        {
            SocketError.ConnectionRefused => endpoint.Scheme == "unix" ? "the socket exists but nothing accepts connections on it: the daemon that made it has stopped" : "connection refused",
            SocketError.AccessDenied => "permission denied: add yourself to the docker group (sudo usermod -aG docker $USER, then log in again), or use rootless Podman",
            _ => $"{error}: {inner.Message}",
        };
        return new DockerDaemonUnavailableException(endpoint, reason, _configuration.Candidates, inner);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A query string built from optional values: nulls are left out, booleans are 1 or 0, objects are JSON.</summary>
internal sealed class QueryString
{
    private readonly List<string> _parts = [];

    public QueryString Add(string name, string? value)
    {
        if (value is not null) _parts.Add($"{name}={Uri.EscapeDataString(value)}");
        return this;
    }

    public QueryString Add(string name, bool? value) => value is null ? this : Add(name, value.Value ? "1" : "0");

    public QueryString AddJson(string name, object? value) =>
        value is null ? this : Add(name, JsonSerializer.Serialize(value, value.GetType(), DockerConnection.Json));

    public QueryString AddEach(string name, IEnumerable<string>? values)
    {
        foreach (var value in values ?? []) Add(name, value);
        return this;
    }

    public override string ToString() => _parts.Count == 0 ? "" : "?" + string.Join('&', _parts);
}
