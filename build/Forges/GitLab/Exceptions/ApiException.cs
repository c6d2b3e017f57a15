using System.Net;

namespace RedoxBuild.GitLab;

/// <summary>GitLab answered with an error. The message names the request, the status and GitLab's own message.</summary>
public class ApiException(string message, HttpStatusCode statusCode) : Exception(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;
}

/// <summary>404: the project does not exist, or the token may not see it (GitLab hides private projects that way).</summary>
public sealed class NotFoundException(string message, HttpStatusCode statusCode) : ApiException(message, statusCode);

/// <summary>401: no token, or a wrong, expired or revoked one.</summary>
public sealed class AuthorizationException(string message, HttpStatusCode statusCode) : ApiException(message, statusCode);

/// <summary>403: the token is valid but lacks the scope or role for this request.</summary>
public sealed class ForbiddenException(string message, HttpStatusCode statusCode) : ApiException(message, statusCode);

/// <summary>409: the thing exists already, e.g. an open merge request for the same source and target branch.</summary>
public sealed class ConflictException(string message, HttpStatusCode statusCode) : ApiException(message, statusCode);

/// <summary>400 or 422: GitLab refused the request's content (a missing or invalid field).</summary>
public sealed class ApiValidationException(string message, HttpStatusCode statusCode) : ApiException(message, statusCode);

/// <summary>429: a rate limit is exhausted; says when to try again.</summary>
public sealed class RateLimitExceededException(
    string message, HttpStatusCode statusCode, long? limit, long? remaining, DateTimeOffset? reset, TimeSpan? retryAfter)
    : ApiException(message, statusCode)
{
    /// <summary>Requests allowed per window (RateLimit-Limit).</summary>
    public long? Limit { get; } = limit;

    /// <summary>Requests left in the window (RateLimit-Remaining).</summary>
    public long? Remaining { get; } = remaining;

    /// <summary>When the window starts over (RateLimit-Reset).</summary>
    public DateTimeOffset? Reset { get; } = reset;

    /// <summary>How long to wait (Retry-After).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
