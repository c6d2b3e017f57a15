using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace RedoxBuild.GitHub;

/// <summary>A request as a dry run prints it: nothing is sent.</summary>
public sealed record ApiRequest(HttpMethod Method, Uri Url, string? Body);

/// <summary>
/// Sends requests with GitHub's required headers, reads JSON answers into records and maps failures to exceptions
/// (Octokit's Connection and ApiConnection in one class).
/// </summary>
public sealed class ApiConnection : IDisposable
{
    /// <summary>The REST API version every request asks for; GitHub answers with this version's shapes.</summary>
    public const string ApiVersion = "2022-11-28";

    private readonly HttpClient _http;
    private readonly ProductHeaderValue _product;
    private readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        // Bodies go to an API, never into HTML: keep <, > and ' readable in bodies and in dry-run output.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal ApiConnection(ProductHeaderValue product, Uri baseAddress, HttpMessageHandler? handler)
    {
        // Relative routes only resolve under the base path (…/api/v3/) when it ends with a slash.
        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _product = product;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: true);
        _http.Timeout = TimeSpan.FromSeconds(100);
    }

    public Uri BaseAddress { get; }

    public Credentials? Credentials { get; set; }

    public Task<T> Get<T>(Uri uri, CancellationToken cancellationToken = default) => Send<T>(HttpMethod.Get, uri, null, cancellationToken);

    public Task<T> Post<T>(Uri uri, object body, CancellationToken cancellationToken = default) => Send<T>(HttpMethod.Post, uri, body, cancellationToken);

    public Task<T> Patch<T>(Uri uri, object body, CancellationToken cancellationToken = default) => Send<T>(HttpMethod.Patch, uri, body, cancellationToken);

    public async Task Delete(Uri uri, CancellationToken cancellationToken = default)
    {
        using var response = await SendRaw(HttpMethod.Delete, uri, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The request a call would send (absolute URL, JSON body), for dry runs; headers are left out because they hold the token.</summary>
    public ApiRequest Describe(HttpMethod method, Uri uri, object? body = null) =>
        new(method, new Uri(BaseAddress, uri), body is null ? null : JsonSerializer.Serialize(body, body.GetType(), _json));

    private async Task<T> Send<T>(HttpMethod method, Uri uri, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendRaw(method, uri, body, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize<T>(text, _json)
                ?? throw new ApiException($"{method} {new Uri(BaseAddress, uri).PathAndQuery} answered HTTP {(int)response.StatusCode} with an empty body.", response.StatusCode);
        }
        catch (JsonException e)
        {
            throw new ApiException($"{method} {new Uri(BaseAddress, uri).PathAndQuery} answered HTTP {(int)response.StatusCode} with JSON that is not a {typeof(T).Name}: {e.Message}", response.StatusCode);
        }
    }

    private async Task<HttpResponseMessage> SendRaw(HttpMethod method, Uri uri, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseAddress, uri));
        request.Headers.UserAgent.ParseAdd(_product.ToString());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Add("X-GitHub-Api-Version", ApiVersion);
        if (Credentials is { } credentials)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.Token);
        if (body is not null)
            request.Content = new StringContent(JsonSerializer.Serialize(body, body.GetType(), _json), Encoding.UTF8, "application/json");

        var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw ApiErrorMapper.Map(method, request.RequestUri!, response, text, _json);
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Turns a failed answer into the exception that names what went wrong (Octokit's HttpStatusCode switch).</summary>
internal static class ApiErrorMapper
{
    public static ApiException Map(HttpMethod method, Uri uri, HttpResponseMessage response, string body, JsonSerializerOptions json)
    {
        var error = Parse(body, json);
        var status = response.StatusCode;
        var message = $"{method} {uri.PathAndQuery} failed with HTTP {(int)status}: {Describe(error, body)}";
        var headers = response.Headers;
        var remaining = Header(headers, "x-ratelimit-remaining");
        var retryAfter = headers.RetryAfter?.Delta ?? (headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

        // GitHub signals both primary (remaining 0) and secondary (retry-after) limits with 403 or 429.
        if (status == HttpStatusCode.TooManyRequests || (status == HttpStatusCode.Forbidden && (remaining == "0" || retryAfter is not null)))
        {
            var limit = long.TryParse(Header(headers, "x-ratelimit-limit"), out var l) ? l : (long?)null;
            var left = long.TryParse(remaining, out var r) ? r : (long?)null;
            var reset = long.TryParse(Header(headers, "x-ratelimit-reset"), out var epoch) ? DateTimeOffset.FromUnixTimeSeconds(epoch) : (DateTimeOffset?)null;
            var detail = retryAfter is { } wait
                ? $" Retry after {Math.Ceiling(wait.TotalSeconds):0} s."
                : reset is { } at ? $" Rate limit: {left}/{limit} requests left, resets at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC." : "";
            return new RateLimitExceededException(message + detail, status, error, limit, left, reset, retryAfter);
        }

        return status switch
        {
            HttpStatusCode.Unauthorized => new AuthorizationException(message, status, error),
            HttpStatusCode.Forbidden => new ForbiddenException(message, status, error),
            HttpStatusCode.NotFound => new NotFoundException(message, status, error),
            HttpStatusCode.UnprocessableEntity => new ApiValidationException(message, status, error),
            _ => new ApiException(message, status, error),
        };
    }

    private static string Describe(ApiError? error, string body)
    {
        if (error?.Message is not { Length: > 0 } text)
            return body.Trim() is { Length: > 0 } raw ? raw.Length > 200 ? raw[..200] + "…" : raw : "(no message)";
        var details = (error.Errors ?? []).Select(e => e.Message ?? $"{e.Resource}.{e.Field} {e.Code}").ToList();
        return details.Count == 0 ? text : $"{text} ({string.Join("; ", details)})";
    }

    private static ApiError? Parse(string body, JsonSerializerOptions json)
    {
        try
        {
            return body.TrimStart().StartsWith('{') ? JsonSerializer.Deserialize<ApiError>(body, json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
