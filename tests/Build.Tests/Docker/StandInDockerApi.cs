using System.Net.Sockets;
using System.Text;

namespace RedoxBuild.Tests.Docker;

/// <summary>
/// A STAND-IN for the Docker Engine API on a temporary unix socket: raw HTTP/1.1 that replays canned answers for
/// exact request lines (method + path and query), recording every request with its headers and body. Answers are
/// sent as dockerd sends them: with a length, chunked (streams such as logs and progress, here cut into small
/// chunks that split frames), or "hijacked" (exec start: no length, the body runs until the connection closes).
/// GET /_ping and GET /version answer as Docker 20.10 unless replaced.
/// </summary>
public sealed class StandInDockerApi : IAsyncDisposable
{
    public sealed record Request(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string Path => Target.Split('?')[0];
        public string Text => Encoding.UTF8.GetString(Body);
    }

    public enum Framing { ContentLength, Chunked, Hijacked }

    public sealed record Response(int Status, byte[] Body, string ContentType = "application/json", Framing Framing = Framing.ContentLength)
    {
        public static Response Json(int status, string json, Framing framing = Framing.ContentLength) => new(status, Encoding.UTF8.GetBytes(json), Framing: framing);
        public static Response Empty(int status) => new(status, [], "text/plain");
        public static Response Streamed(byte[] body, string contentType, Framing framing) => new(200, body, contentType, framing);
    }

    private readonly Socket _listener;
    private readonly Task _acceptLoop;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, Response> _routes = new(StringComparer.Ordinal);
    private readonly List<Request> _requests = [];
    private readonly Lock _lock = new();

    public StandInDockerApi(string socketPath, string apiVersion = "1.41")
    {
        SocketPath = socketPath;
        On("GET", "/_ping", new Response(200, "OK"u8.ToArray(), "text/plain"));
        On("GET", "/version", Response.Json(200,
            $$"""{"Version":"20.10.24+dfsg1","ApiVersion":"{{apiVersion}}","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64","Components":[{"Name":"Engine","Version":"20.10.24+dfsg1"}]}"""));
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(16);
        _acceptLoop = AcceptAsync();
    }

    public string SocketPath { get; }
    public Uri Endpoint => new("unix://" + SocketPath);

    public IReadOnlyList<Request> Requests { get { lock (_lock) return _requests.ToList(); } }

    /// <summary>Requests other than the version negotiation, which every client makes once.</summary>
    public IReadOnlyList<Request> ApiRequests => Requests.Where(r => r.Target != "/version").ToList();

    /// <summary>Answers <paramref name="method"/> <paramref name="target"/> (path with its exact query) with <paramref name="response"/>.</summary>
    public StandInDockerApi On(string method, string target, Response response)
    {
        lock (_lock) _routes[$"{method} {target}"] = response;
        return this;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try { connection = await _listener.AcceptAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using var _ = connection;
        await using var stream = new NetworkStream(connection);
        var reader = new HttpReader(stream);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var request = await reader.ReadRequestAsync(_stop.Token);
                if (request is null) return;
                Response? response;
                lock (_lock)
                {
                    _requests.Add(request);
                    response = _routes.GetValueOrDefault($"{request.Method} {request.Target}");
                }
                response ??= Response.Json(404, """{"message":"page not found"}""");
                await WriteAsync(stream, response);
                if (response.Framing == Framing.Hijacked) return; // the daemon closes a hijacked connection when the process ends
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client went away: nothing to answer.
        }
    }

    private static async Task WriteAsync(NetworkStream stream, Response response)
    {
        var head = new StringBuilder($"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\nApi-Version: 1.41\r\nServer: Docker/20.10.24 (linux)\r\n");
        if (response.Status is not (204 or 304)) head.Append($"Content-Type: {response.ContentType}\r\n");
        switch (response.Framing)
        {
            case Framing.ContentLength:
                if (response.Status is not (204 or 304)) head.Append($"Content-Length: {response.Body.Length}\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head + "\r\n").Concat(response.Body).ToArray());
                break;
            case Framing.Chunked:
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head + "Transfer-Encoding: chunked\r\n\r\n"));
                // Seven-byte chunks: frame headers (8 bytes) and UTF-8 characters end up split across reads.
                foreach (var chunk in response.Body.Chunk(7))
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n").Concat(chunk).Concat("\r\n"u8.ToArray()).ToArray());
                await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
                break;
            case Framing.Hijacked:
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head + "\r\n"));
                foreach (var chunk in response.Body.Chunk(5)) await stream.WriteAsync(chunk);
                break;
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK", 201 => "Created", 204 => "No Content", 304 => "Not Modified", 400 => "Bad Request", 404 => "Not Found",
        409 => "Conflict", 500 => "Internal Server Error", _ => "Status",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        _stop.Dispose();
        File.Delete(SocketPath);
    }

    /// <summary>Reads requests off one connection: the head up to the blank line, then a Content-Length or chunked body.</summary>
    private sealed class HttpReader(Stream stream)
    {
        private readonly List<byte> _buffer = [];
        private readonly byte[] _chunk = new byte[8192];

        public async Task<Request?> ReadRequestAsync(CancellationToken cancellationToken)
        {
            var head = await ReadUntilAsync("\r\n\r\n"u8.ToArray(), 65536, cancellationToken);
            if (head is null) return null;
            var lines = Encoding.ASCII.GetString(head).Split("\r\n");
            var requestLine = lines[0].Split(' ');
            var headers = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(':', 2))
                .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
            byte[] body;
            if (headers.TryGetValue("content-length", out var length)) body = await ReadExactlyAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            else if (headers.GetValueOrDefault("transfer-encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true) body = await ReadChunkedAsync(cancellationToken);
            else body = [];
            return new Request(requestLine[0], requestLine[1], headers, body);
        }

        private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
        {
            var body = new List<byte>();
            while (true)
            {
                var sizeLine = Encoding.ASCII.GetString(await ReadUntilAsync("\r\n"u8.ToArray(), 1024, cancellationToken) ?? throw new IOException("cut off in a chunk size"));
                var size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
                body.AddRange(await ReadExactlyAsync(size, cancellationToken));
                await ReadExactlyAsync(2, cancellationToken);
                if (size == 0) return [.. body];
            }
        }

        private async Task<byte[]?> ReadUntilAsync(byte[] delimiter, int limit, CancellationToken cancellationToken)
        {
            while (true)
            {
                var at = IndexOf(delimiter);
                if (at >= 0)
                {
                    var found = _buffer.GetRange(0, at).ToArray();
                    _buffer.RemoveRange(0, at + delimiter.Length);
                    return found;
                }
                if (_buffer.Count > limit || !await FillAsync(cancellationToken)) return null;
            }
        }

        private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
        {
            while (_buffer.Count < count)
                if (!await FillAsync(cancellationToken)) throw new IOException("the client closed the connection inside a body");
            var result = _buffer.GetRange(0, count).ToArray();
            _buffer.RemoveRange(0, count);
            return result;
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            var read = await stream.ReadAsync(_chunk, cancellationToken);
            _buffer.AddRange(_chunk.AsSpan(0, read));
            return read > 0;
        }

        private int IndexOf(byte[] delimiter)
        {
            for (var i = 0; i + delimiter.Length <= _buffer.Count; i++)
            {
                var match = true;
                for (var j = 0; j < delimiter.Length && match; j++) match = _buffer[i + j] == delimiter[j];
                if (match) return i;
            }
            return -1;
        }
    }
}
