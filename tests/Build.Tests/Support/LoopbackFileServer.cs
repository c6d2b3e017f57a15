using System.Net;
using System.Net.Sockets;

namespace RedoxBuild.Tests.Support;

/// <summary>A stand-in download site on 127.0.0.1: serves registered byte arrays by path and counts requests.</summary>
public sealed class LoopbackFileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private int _requests;

    public LoopbackFileServer()
    {
        // HttpListener cannot bind port 0; take a free port from the kernel, and try again if another test grabs it
        // between the probe and the bind.
        for (var attempt = 1; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; private set; }
    public int Requests => Volatile.Read(ref _requests);

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public void Serve(string path, byte[] content)
    {
        lock (_files) _files[path] = content;
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening) { return; }
            Interlocked.Increment(ref _requests);
            byte[]? body;
            lock (_files) _files.TryGetValue(context.Request.Url!.AbsolutePath.TrimStart('/'), out body);
            context.Response.StatusCode = body is null ? 404 : 200;
            if (body is not null) await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        // Close alone: Stop then Close makes the managed listener look the endpoint up again, which throws
        // "Address already in use" when another test has meanwhile bound the port.
        _listener.Close();
    }
}
