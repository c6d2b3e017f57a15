namespace RedoxBuild.Cache;

/// <summary>Downloaded or stored bytes that do not match their digest: the entry is a miss, the bytes are discarded.</summary>
public sealed class CacheIntegrityException(string message) : Exception(message);

/// <summary>
/// A store could not answer (network error, timeout, server error, refused credentials). Transient ones are retried
/// with backoff first. Either way the build carries on with a miss unless --require-cache is given.
/// </summary>
public sealed class CacheStoreException(string message, bool transient, TimeSpan? retryAfter = null, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;

    /// <summary>How long the server asked us to wait (Retry-After), if it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
