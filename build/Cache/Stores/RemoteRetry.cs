using Serilog;

namespace RedoxBuild.Cache.Stores;

/// <summary>How remote calls are retried: attempts include the first one; delays double from BaseDelay up to MaxDelay.</summary>
public sealed record RetryOptions
{
    public int MaxAttempts { get; init; } = 4;
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An attempt that makes no progress (no bytes moved, no answer) for this long is abandoned as a timeout.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>One attempt's token, whose idle timeout restarts whenever bytes move (see <see cref="ProgressStream"/>).</summary>
public sealed class RemoteAttempt(CancellationTokenSource source, TimeSpan idleTimeout)
{
    public CancellationToken Token => source.Token;

    public void Progress()
    {
        try
        {
            source.CancelAfter(idleTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The attempt already finished; late progress from a stream being torn down is irrelevant.
        }
    }
}

/// <summary>
/// Retries transient store failures (429, 5xx, timeouts, dropped connections) with exponential backoff and jitter,
/// honouring Retry-After. Other failures and the caller's own cancellation pass straight through. Retrying matters:
/// shared caches rate-limit, and sccache and Bazel users lose writes where clients give up on the first 429.
/// </summary>
public sealed class RemoteRetry(RetryOptions options, ILogger logger)
{
    public async Task<T> RunAsync<T>(string what, Func<RemoteAttempt, Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            CacheStoreException failure;
            using (var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                source.CancelAfter(options.IdleTimeout);
                try
                {
                    return await operation(new RemoteAttempt(source, options.IdleTimeout));
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new CacheStoreException($"{what}: no progress for {options.IdleTimeout.TotalSeconds:0.#} s (timeout)", transient: true, inner: e);
                }
                catch (CacheStoreException e) when (e.Transient)
                {
                    failure = e;
                }
                catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    failure = new CacheStoreException($"{what}: {e.Message}", transient: true, inner: e);
                }
            }

            if (attempt >= options.MaxAttempts) throw new CacheStoreException($"{failure.Message} (gave up after {attempt} attempts)", transient: true, inner: failure);
            var delay = Delay(attempt, failure.RetryAfter);
            logger.Debug("Cache: {What} failed ({Reason}); retry {Attempt} of {Max} in {Delay} ms", what, failure.Message, attempt, options.MaxAttempts - 1, (int)delay.TotalMilliseconds);
            await Task.Delay(delay, cancellationToken);
        }
    }

    private TimeSpan Delay(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked) return asked > options.MaxDelay ? options.MaxDelay : asked;
        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);
        // Jitter spreads the retries of many parallel jobs that failed together.
        return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble() / 2));
    }
}
