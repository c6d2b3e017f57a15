using System.Net;
using System.Text.Json;

namespace RedoxBuild.Docker;

/// <summary>The daemon answered with an error status; the message carries its own words and the request.</summary>
public class DockerApiException(HttpStatusCode statusCode, string responseBody, string request = "")
    : Exception(Describe(statusCode, responseBody, request))
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>The body as sent; the daemon sends {"message": "..."}.</summary>
    public string ResponseBody { get; } = responseBody;

    /// <summary>"POST /containers/create?name=x", for the message.</summary>
    public string Request { get; } = request;

    /// <summary>The daemon's message from the body, or the body itself when it is not the usual JSON.</summary>
    public static string MessageOf(string body)
    {
        var trimmed = body.Trim();
        try
        {
            using var document = JsonDocument.Parse(trimmed);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                return message.GetString()!;
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, plain text): shown as it came.
        }
        return trimmed.Length == 0 ? "(empty body)" : trimmed;
    }

    private static string Describe(HttpStatusCode statusCode, string body, string request) =>
        $"Docker refused {(request.Length == 0 ? "the request" : request)} with {(int)statusCode} {Reason(statusCode)}: {MessageOf(body)}";

    private static string Reason(HttpStatusCode code) => code switch
    {
        HttpStatusCode.BadRequest => "Bad Request",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.Conflict => "Conflict",
        HttpStatusCode.InternalServerError => "Internal Server Error",
        _ => code.ToString(),
    };
}

/// <summary>404 for a container: it never existed, or it was removed.</summary>
public sealed class DockerContainerNotFoundException(HttpStatusCode statusCode, string responseBody, string request = "")
    : DockerApiException(statusCode, responseBody, request);

/// <summary>404 for an image: not pulled, imported or built on this daemon.</summary>
public sealed class DockerImageNotFoundException(HttpStatusCode statusCode, string responseBody, string request = "")
    : DockerApiException(statusCode, responseBody, request);

/// <summary>
/// A pull, import or build failed after the daemon had answered 200: the error arrives as a line of the JSON stream
/// ({"errorDetail": {...}, "error": "..."}), so there is no status code to report.
/// </summary>
public sealed class DockerStreamException(string operation, JSONMessage message)
    : Exception($"{operation} failed: {message.Error?.Message ?? message.ErrorMessage}")
{
    public JSONMessage ErrorMessage { get; } = message;
}

/// <summary>
/// Nothing answers at the Engine API endpoint: the socket is missing, refuses connections, or may not be opened by
/// this user. The message says where the client looked and how to get a daemon, so the build reports it as an
/// expected failure (the message alone, no stack trace).
/// </summary>
public sealed class DockerDaemonUnavailableException(Uri endpoint, string reason, IReadOnlyList<Uri> candidates, Exception? inner = null)
    : Exception(Describe(endpoint, reason, candidates), inner), Engine.IExpectedFailure
{
    public Uri Endpoint { get; } = endpoint;

    private static string Describe(Uri endpoint, string reason, IReadOnlyList<Uri> candidates)
    {
        var tried = candidates.Count > 1 ? $" Looked at, in order: {string.Join(", ", candidates)}." : "";
        return $"No Docker daemon answers at {endpoint} ({reason}).{tried} " +
               "Start one (sudo systemctl start docker, or dockerd), or Podman's API service (sudo systemctl start podman.socket; " +
               "rootless: systemctl --user start podman.socket, or podman system service --time=0 &), " +
               "or point DOCKER_HOST at a running daemon (DOCKER_HOST=unix:///path/to/docker.sock).";
    }
}
