using System.Net;
using System.Text.Json;

namespace RedoxBuild.CloudHypervisor.Api;

/// <summary>Cloud Hypervisor answered a request with an error status; the message carries the server's own words.</summary>
public class ApiException(string method, string path, HttpStatusCode statusCode, string body)
    : Exception(Describe(method, path, statusCode, body))
{
    public string Method { get; } = method;
    public string Path { get; } = path;
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>The response body as sent (Cloud Hypervisor sends a JSON array of messages, outermost first).</summary>
    public string Body { get; } = body;

    private static string Describe(string method, string path, HttpStatusCode statusCode, string body) =>
        $"Cloud Hypervisor refused {method} {path} with {(int)statusCode} {Reason(statusCode)}: {Explain(body)}";

    private static string Reason(HttpStatusCode code) => code switch
    {
        HttpStatusCode.BadRequest => "Bad Request",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.MethodNotAllowed => "Method Not Allowed",
        HttpStatusCode.TooManyRequests => "Too Many Requests",
        HttpStatusCode.InternalServerError => "Internal Server Error",
        _ => code.ToString(),
    };

    // The server's error body is ["Error from API", "The VM could not be paused", "<cause>"]; joined, it reads as
    // one sentence chain, like the server's own log line. Anything else is shown as it came.
    private static string Explain(string body)
    {
        var trimmed = body.Trim();
        if (trimmed.Length == 0) return "(empty body)";
        try
        {
            using var document = JsonDocument.Parse(trimmed);
            if (document.RootElement.ValueKind == JsonValueKind.Array &&
                document.RootElement.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
                return string.Join(": ", document.RootElement.EnumerateArray().Select(e => e.GetString()));
        }
        catch (JsonException)
        {
            // Not JSON: shown verbatim below.
        }
        return trimmed;
    }
}

/// <summary>Nothing answers on the API socket: no socket file, or a file nobody accepts connections on.</summary>
public sealed class VmmUnreachableException(string socketPath, bool socketFileExists, Exception? inner = null)
    : Exception(Describe(socketPath, socketFileExists), inner)
{
    public string SocketPath { get; } = socketPath;

    /// <summary>False when the path does not exist; true when it exists but refuses connections (a VMM that died).</summary>
    public bool SocketFileExists { get; } = socketFileExists;

    private static string Describe(string socketPath, bool socketFileExists) =>
        $"no VM is listening on {socketPath}; start one with ./build.sh RunCloudDev " +
        (!socketFileExists ? "(there is no socket file at that path)"
            : IsSocket(socketPath) ? "(the socket file exists, but nothing accepts connections on it: the Cloud Hypervisor that made it has exited)"
            : "(that path is not a socket but an ordinary file or folder: give the --api-socket path RunCloudDev was started with)");

    /// <summary>A unix socket cannot be opened like a file (open fails with ENXIO); an ordinary file or a folder can be.</summary>
    private static bool IsSocket(string path)
    {
        if (Directory.Exists(path)) return false;
        try
        {
            using var file = File.OpenRead(path);
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
