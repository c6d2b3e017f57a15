using RedoxBuild.Cache;
using RedoxBuild.Engine;
using RedoxBuild.Tests.Cache.Servers;
using RedoxBuild.Tests.Cache.Support;

namespace RedoxBuild.Tests.Cache;

/// <summary>The http(s):// store against a Bazel-style Kestrel cache on loopback that requires a bearer token.</summary>
public class HttpStoreTests(HttpCacheFixture fixture) : RemoteStoreScenarios(fixture), IClassFixture<HttpCacheFixture>
{
    [Fact] public Task Publish_then_pull_gives_identical_outputs() => Publish_then_pull_into_an_empty_local_store_gives_identical_outputs();
    [Fact] public Task A_flipped_byte_is_rejected() => A_flipped_byte_in_the_blob_is_rejected();
    [Fact] public Task A_missing_blob_misses() => A_missing_blob_is_a_miss();
    [Fact] public Task An_unsigned_entry_misses() => An_unsigned_entry_is_a_miss();
    [Fact] public Task A_foreign_signed_entry_misses() => A_foreign_signed_entry_is_a_miss();
    [Fact] public Task Concurrent_publishers_do_not_corrupt_an_entry() => Two_publishers_of_the_same_key_do_not_corrupt_it();
    [Fact] public Task A_killed_upload_leaves_nothing_trusted() => An_upload_killed_midway_leaves_nothing_a_reader_trusts();

    [Fact]
    public async Task The_layout_is_bazel_compatible_and_the_blob_is_stored_before_the_record_which_is_read_back()
    {
        var server = await fixture.Server();
        var (url, key, entry) = await PublishOneAsync(StageTrees.CreateSingle(Temp.Sub("stage"), 1000, 1));
        var prefix = new Uri(url).AbsolutePath;

        var requests = server.Requests.Where(r => r.Contains(prefix, StringComparison.Ordinal)).ToList();

        requests.Should().Equal($"HEAD {prefix}/cas/{entry.OutputSha256} auth=yes", $"PUT {prefix}/cas/{entry.OutputSha256} auth=yes", $"PUT {prefix}/ac/{key} auth=yes", $"GET {prefix}/ac/{key} auth=yes");
        File.Exists(server.FilePath(prefix.Trim('/'), "ac", key)).Should().BeTrue();
    }

    [Fact]
    public async Task Server_errors_and_rate_limits_are_retried_with_backoff()
    {
        var server = await fixture.Server();
        var (url, key, _) = await PublishOneAsync(StageTrees.CreateSingle(Temp.Sub("stage"), 1000, 2));
        server.FailNext.Enqueue((503, null));
        server.FailNext.Enqueue((429, 0));
        await using var reader = Reader(url);

        var result = await reader.TryRestoreAsync(key, Temp.Sub("out"));

        result.Hit.Should().BeTrue(Caches.Log.All);
        Caches.Log.Messages(Serilog.Events.LogEventLevel.Debug).Should().Contain(m => m.Contains("HTTP 503")).And.Contain(m => m.Contains("HTTP 429"));
        Caches.Log.Warnings.Should().BeEmpty();
    }

    [Fact]
    public async Task A_request_that_makes_no_progress_times_out_and_is_retried()
    {
        var server = await fixture.Server();
        var (url, key, _) = await PublishOneAsync(StageTrees.CreateSingle(Temp.Sub("stage"), 1000, 4));
        server.StallNext.Enqueue(TimeSpan.FromSeconds(30));
        var options = fixture.Configure(Caches.Options("reader", trusted: [Caches.Key("ci-1").Public])) with
        {
            RemoteUrls = [url], Retry = CacheFactory.FastRetry with { IdleTimeout = TimeSpan.FromMilliseconds(500) },
        };
        await using var reader = Caches.Create(options);

        var result = await reader.TryRestoreAsync(key, Temp.Sub("out"));

        result.Hit.Should().BeTrue(Caches.Log.All);
        Caches.Log.Messages(Serilog.Events.LogEventLevel.Debug).Should().Contain(m => m.Contains("no progress for 0.5 s (timeout)"));
    }

    [Fact]
    public async Task A_cache_that_keeps_failing_is_a_warning_and_a_miss_unless_the_cache_is_required()
    {
        var server = await fixture.Server();
        var url = await fixture.NewUrlAsync();
        for (var i = 0; i < 3; i++) server.FailNext.Enqueue((500, null));
        await using var reader = Reader(url);

        var result = await reader.TryRestoreAsync(Bytes.Key("x"), Temp.Sub("out"));

        result.MissReason.Should().Be(CacheMissReason.Unavailable);
        Caches.Log.Warnings.Should().ContainSingle(w => w.Contains("HTTP 500") && w.Contains("gave up after 3 attempts"));

        for (var i = 0; i < 3; i++) server.FailNext.Enqueue((500, null));
        await using var strict = Caches.Create(fixture.Configure(Caches.Options("strict") with { RemoteUrls = [url], RequireCache = true }));
        var act = () => strict.TryRestoreAsync(Bytes.Key("x"), Temp.Sub("out"));
        (await act.Should().ThrowAsync<BuildFailure>()).Which.Message.Should().Contain("--require-cache");
    }

    [Fact]
    public async Task A_wrong_token_is_reported_without_retrying_and_no_token_appears_in_the_log()
    {
        var server = await fixture.Server();
        var (url, key, _) = await PublishOneAsync(StageTrees.CreateSingle(Temp.Sub("stage"), 1000, 3));
        var before = server.Requests.Count;
        var options = Caches.Options("reader", trusted: [Caches.Key("ci-1").Public]) with
        {
            RemoteUrls = [url], Credentials = new CacheCredentials(new SecretText("wrong-token-5e5e")),
        };
        await using var reader = Caches.Create(options);

        var result = await reader.TryRestoreAsync(key, Temp.Sub("out"));

        result.MissReason.Should().Be(CacheMissReason.Unavailable);
        Caches.Log.Warnings.Should().ContainSingle(w => w.Contains("HTTP 401") && w.Contains("--cache-token"));
        (server.Requests.Count - before).Should().Be(1, "a refused credential is not retried");
        server.AuthorizationHeaders.Should().Contain("Bearer wrong-token-5e5e", "the token travels in the header");
        Caches.Log.All.Should().NotContain("wrong-token-5e5e").And.NotContain(HttpCacheFixture.Token);
    }
}
