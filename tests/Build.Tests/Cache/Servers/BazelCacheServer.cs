using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RedoxBuild.Cache.Entries;

namespace RedoxBuild.Tests.Cache.Servers;

/// <summary>
/// A Bazel-style HTTP cache on 127.0.0.1 (Kestrel): GET/PUT/HEAD on /&lt;prefix&gt;/ac/&lt;key&gt; and /&lt;prefix&gt;/cas/&lt;sha256&gt;,
/// files on disk written through a temp file and rename (as bazel-remote and nginx do), an optional bearer token,
/// and scripted faults (status codes for the next requests).
/// </summary>
public sealed class BazelCacheServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BazelCacheServer(WebApplication app, string storage, string? token)
    {
        _app = app;
        Storage = storage;
        Token = token;
    }

    public string Storage { get; }
    public string? Token { get; }
    public Uri Root { get; private set; } = null!;

    /// <summary>Statuses (with an optional Retry-After in seconds) to answer the next requests with, instead of serving them.</summary>
    public ConcurrentQueue<(int Status, int? RetryAfterSeconds)> FailNext { get; } = new();

    /// <summary>How long to sit on the next requests before answering, to make the client time out.</summary>
    public ConcurrentQueue<TimeSpan> StallNext { get; } = new();

    /// <summary>"METHOD /path auth=yes|no", one per request, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Every Authorization header value seen, to prove what was (and was not) sent.</summary>
    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    public static async Task<BazelCacheServer> StartAsync(string storage, string? token = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var server = new BazelCacheServer(app, storage, token);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Root = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public string FilePath(string prefix, string kind, string name) => Path.Combine(Storage, prefix, kind, name);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0) AuthorizationHeaders.Enqueue(authorization);
        Requests.Enqueue($"{request.Method} {request.Path} auth={(authorization.Length > 0 ? "yes" : "no")}");

        if (StallNext.TryDequeue(out var stall))
        {
            try
            {
                await Task.Delay(stall, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up, as intended
            }
        }
        if (FailNext.TryDequeue(out var fault))
        {
            context.Response.StatusCode = fault.Status;
            if (fault.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return;
        }
        if (Token is not null && authorization != "Bearer " + Token)
        {
            context.Response.StatusCode = 401;
            return;
        }

        var parts = request.Path.Value!.Trim('/').Split('/');
        if (parts.Length < 3 || parts[^2] is not ("ac" or "cas") || !CacheIdentifiers.IsSha256Hex(parts[^1]))
        {
            context.Response.StatusCode = 400;
            return;
        }
        var path = FilePath(string.Join('/', parts[..^2]), parts[^2], parts[^1]);

        switch (request.Method)
        {
            case "GET" or "HEAD" when File.Exists(path):
                context.Response.ContentLength = new FileInfo(path).Length;
                if (request.Method == "GET") await context.Response.SendFileAsync(path, context.RequestAborted);
                break;
            case "GET" or "HEAD":
                context.Response.StatusCode = 404;
                break;
            case "PUT":
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var temp = path + ".upload-" + Guid.NewGuid().ToString("N");
                try
                {
                    await using (var file = File.Create(temp))
                        await request.Body.CopyToAsync(file, context.RequestAborted);
                    // An aborted upload throws above; only complete bodies replace the file.
                    File.Move(temp, path, overwrite: true);
                }
                finally
                {
                    File.Delete(temp);
                }
                context.Response.StatusCode = 201;
                break;
            default:
                context.Response.StatusCode = 405;
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
