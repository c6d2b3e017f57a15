using System.Net;

namespace RedoxBuild.GitHub;

/// <summary>GitHub answered with an error. The message names the request, the status and GitHub's own message.</summary>
public class ApiException : Exception
{
    /// <summary>Octokit's constructor: a message and the HTTP status.</summary>
    public ApiException(string message, HttpStatusCode statusCode)
        : this(message, statusCode, null)
    {
    }

    public ApiException(string message, HttpStatusCode statusCode, ApiError? apiError)
        : base(message)
    {
        StatusCode = statusCode;
        ApiError = apiError;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The error body GitHub sent, when it was JSON.</summary>
    public ApiError? ApiError { get; }
}

/// <summary>404: the repository, reference or user does not exist, or the token may not see it.</summary>
public sealed class NotFoundException(string message, HttpStatusCode statusCode, ApiError? apiError = null)
    : ApiException(message, statusCode, apiError);

/// <summary>401: no token, or a wrong, expired or revoked one.</summary>
public sealed class AuthorizationException(string message, HttpStatusCode statusCode, ApiError? apiError = null)
    : ApiException(message, statusCode, apiError);

/// <summary>403 without rate-limit headers: the token is valid but may not do this.</summary>
public sealed class ForbiddenException(string message, HttpStatusCode statusCode, ApiError? apiError = null)
    : ApiException(message, statusCode, apiError);

/// <summary>422: GitHub understood the request but refused its content (e.g. the pull request already exists).</summary>
public sealed class ApiValidationException(string message, HttpStatusCode statusCode, ApiError? apiError = null)
    : ApiException(message, statusCode, apiError);

/// <summary>403 or 429 because a primary or secondary rate limit is exhausted; says when to try again.</summary>
public sealed class RateLimitExceededException(
    string message, HttpStatusCode statusCode, ApiError? apiError, long? limit, long? remaining, DateTimeOffset? reset, TimeSpan? retryAfter)
    : ApiException(message, statusCode, apiError)
{
    /// <summary>Requests allowed per window (x-ratelimit-limit).</summary>
    public long? Limit { get; } = limit;

    /// <summary>Requests left in the window (x-ratelimit-remaining).</summary>
    public long? Remaining { get; } = remaining;

    /// <summary>When the window starts over (x-ratelimit-reset).</summary>
    public DateTimeOffset? Reset { get; } = reset;

    /// <summary>How long to wait, when GitHub sent Retry-After (secondary limits).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
