using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace RedoxBuild.CloudHypervisor.Api;

/// <summary>Sends requests to Cloud Hypervisor's API and turns transport and HTTP failures into clear exceptions.</summary>
public interface IConnection
{
    /// <summary>The unix socket the API is served on.</summary>
    string SocketPath { get; }

    Task<T> Get<T>(Uri route, CancellationToken cancellationToken = default);

    /// <summary>PUT with a JSON body, or with no body at all when <paramref name="body"/> is null.</summary>
    Task Put(Uri route, object? body = null, CancellationToken cancellationToken = default);
}

/// <summary>HTTP/1.1 over the --api-socket unix socket (SocketsHttpHandler connecting to a UnixDomainSocketEndPoint).</summary>
public sealed class UnixSocketConnection : IConnection, IDisposable
{
    // A snapshot writes all guest memory before the server answers; a short timeout would abort a healthy request.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(10);

    // micro_http, the server inside cloud-hypervisor, accepts exactly "application/json" (no charset parameter).
    private const string Json = "application/json";

    private readonly HttpClient _http;

    public UnixSocketConnection(string socketPath)
    {
        SocketPath = socketPath;
        var handler = Net.UnixSocketHttp.CreateHandler(socketPath);
        _http = new HttpClient(handler) { BaseAddress = ApiUrls.Root, Timeout = RequestTimeout };
    }

    public string SocketPath { get; }

    public async Task<T> Get<T>(Uri route, CancellationToken cancellationToken = default)
    {
        using var response = await Send(HttpMethod.Get, route, content: null, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return JsonSerializer.Deserialize<T>(text, CloudHypervisorJson.Options)
            ?? throw new ApiException("GET", ApiUrls.PathOf(route), response.StatusCode, "(the body was JSON null)");
    }

    public async Task Put(Uri route, object? body = null, CancellationToken cancellationToken = default)
    {
        // A ByteArrayContent has a known length, so the request carries Content-Length: micro_http reads bodies by
        // length only (JsonContent would be sent chunked). Body-less actions must get no body at all: the server
        // answers 400 to vm.pause with one.
        ByteArrayContent? content = null;
        if (body is not null)
        {
            content = new ByteArrayContent(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body, body.GetType(), CloudHypervisorJson.Options)));
            content.Headers.ContentType = new MediaTypeHeaderValue(Json);
        }
        using (content)
        using (await Send(HttpMethod.Put, route, content, cancellationToken))
        {
        }
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, Uri route, HttpContent? content, CancellationToken cancellationToken)
    {
        if (!File.Exists(SocketPath) && !Directory.Exists(SocketPath))
            throw new VmmUnreachableException(SocketPath, socketFileExists: false);

        using var request = new HttpRequestMessage(method, route) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(Json));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.AddressNotAvailable })
        {
            throw new VmmUnreachableException(SocketPath, File.Exists(SocketPath), e);
        }

        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new ApiException(method.Method, ApiUrls.PathOf(route), response.StatusCode, body);
        }
    }

    public void Dispose() => _http.Dispose();
}
