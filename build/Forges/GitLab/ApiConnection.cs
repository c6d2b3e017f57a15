using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace RedoxBuild.GitLab;

/// <summary>A request as a dry run prints it: nothing is sent.</summary>
public sealed record ApiRequest(HttpMethod Method, Uri Url, string? Body);

/// <summary>Sends requests with the PRIVATE-TOKEN header, reads JSON answers into records and maps failures to exceptions.</summary>
public sealed class ApiConnection : IDisposable
{
    private readonly HttpClient _http;
    private readonly string? _token;
    private readonly string _userAgent;
    private readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        // Bodies go to an API, never into HTML: keep <, > and ' readable in bodies and in dry-run output.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal ApiConnection(Uri baseAddress, string? token, string userAgent, HttpMessageHandler? handler)
    {
        BaseAddress = baseAddress;
        _token = string.IsNullOrEmpty(token) ? null : token;
        _userAgent = userAgent;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: true);
        _http.Timeout = TimeSpan.FromSeconds(100);
    }

    public Uri BaseAddress { get; }

    public Task<T> Get<T>(Uri uri, CancellationToken cancellationToken = default) => Send<T>(HttpMethod.Get, uri, null, cancellationToken);

    public Task<T> Post<T>(Uri uri, object body, CancellationToken cancellationToken = default) => Send<T>(HttpMethod.Post, uri, body, cancellationToken);

    /// <summary>The request a call would send (absolute URL, JSON body), for dry runs; headers are left out because they hold the token.</summary>
    public ApiRequest Describe(HttpMethod method, Uri uri, object? body = null) =>
        new(method, new Uri(BaseAddress, uri), body is null ? null : JsonSerializer.Serialize(body, body.GetType(), _json));

    private async Task<T> Send<T>(HttpMethod method, Uri uri, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseAddress, uri));
        request.Headers.UserAgent.ParseAdd(_userAgent);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_token is not null) request.Headers.Add("PRIVATE-TOKEN", _token);
        if (body is not null)
            request.Content = new StringContent(JsonSerializer.Serialize(body, body.GetType(), _json), Encoding.UTF8, "application/json");

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var where = $"{method} {request.RequestUri!.PathAndQuery}";
        if (!response.IsSuccessStatusCode) throw ApiErrorMapper.Map(where, response, text);
        try
        {
            return JsonSerializer.Deserialize<T>(text, _json)
                ?? throw new ApiException($"{where} answered HTTP {(int)response.StatusCode} with an empty body.", response.StatusCode);
        }
        catch (JsonException e)
        {
            throw new ApiException($"{where} answered HTTP {(int)response.StatusCode} with JSON that is not a {typeof(T).Name}: {e.Message}", response.StatusCode);
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Turns a failed answer into the exception that names what went wrong, as the GitHub client does.</summary>
internal static class ApiErrorMapper
{
    public static ApiException Map(string where, HttpResponseMessage response, string body)
    {
        var status = response.StatusCode;
        var message = $"{where} failed with HTTP {(int)status}: {Describe(body)}";
        if (status == HttpStatusCode.TooManyRequests)
        {
            var headers = response.Headers;
            var retryAfter = headers.RetryAfter?.Delta ?? (headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
            var limit = long.TryParse(Header(headers, "RateLimit-Limit"), out var l) ? l : (long?)null;
            var remaining = long.TryParse(Header(headers, "RateLimit-Remaining"), out var r) ? r : (long?)null;
            var reset = long.TryParse(Header(headers, "RateLimit-Reset"), out var epoch) ? DateTimeOffset.FromUnixTimeSeconds(epoch) : (DateTimeOffset?)null;
            var detail = retryAfter is { } wait
                ? $" Retry after {Math.Ceiling(wait.TotalSeconds):0} s."
                : reset is { } at ? $" Rate limit: {remaining}/{limit} requests left, resets at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC." : "";
            return new RateLimitExceededException(message + detail, status, limit, remaining, reset, retryAfter);
        }

        return status switch
        {
            HttpStatusCode.Unauthorized => new AuthorizationException(message, status),
            HttpStatusCode.Forbidden => new ForbiddenException(message, status),
            HttpStatusCode.NotFound => new NotFoundException(message, status),
            HttpStatusCode.Conflict => new ConflictException(message, status),
            HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => new ApiValidationException(message, status),
            _ => new ApiException(message, status),
        };
    }

    /// <summary>
    /// GitLab's error bodies come in several shapes: {"message":"404 Project Not Found"}, {"message":["..."]},
    /// {"message":{"title":["can't be blank"]}} and OAuth's {"error":"invalid_token","error_description":"..."}.
    /// </summary>
    private static string Describe(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("message", out var message)) return Flatten(message);
                if (root.TryGetProperty("error_description", out var description)) return Flatten(description);
                if (root.TryGetProperty("error", out var error)) return Flatten(error);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page): show the start of it below.
        }
        var raw = body.Trim();
        return raw.Length == 0 ? "(no message)" : raw.Length > 200 ? raw[..200] + "…" : raw;
    }

    private static string Flatten(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() ?? "",
        JsonValueKind.Array => string.Join("; ", element.EnumerateArray().Select(Flatten)),
        JsonValueKind.Object => string.Join("; ", element.EnumerateObject().Select(p => $"{p.Name} {Flatten(p.Value)}")),
        _ => element.GetRawText(),
    };

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
