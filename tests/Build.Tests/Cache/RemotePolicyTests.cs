using RedoxBuild.Cache;
using RedoxBuild.Cache.Entries;
using RedoxBuild.Engine;
using RedoxBuild.Tests.Cache.Servers;
using RedoxBuild.Tests.Cache.Support;

namespace RedoxBuild.Tests.Cache;

/// <summary>How BuildCache uses several remotes: lookup order, fallbacks, retries, and what publishing reports.</summary>
public class RemotePolicyTests : IDisposable
{
    private readonly CacheTemp _temp = new();
    private readonly CacheFactory _caches;

    public RemotePolicyTests() => _caches = new CacheFactory(_temp);

    public void Dispose() => _temp.Dispose();

    private async Task<(string Key, string Stage)> PublishAsync(InMemoryStore remote, string name, int bytes = 5000)
    {
        var stage = StageTrees.CreateSingle(_temp.Sub("stage-" + name), bytes, name.Length);
        var key = Bytes.Key(name);
        await using var publisher = _caches.Create(_caches.Options("publisher-" + name, signingKey: "ci-1"), [remote]);
        (await publisher.PublishAsync([new CachePublishRequest(key, stage, CacheFactory.Metadata(name))])).Failures.Should().BeEmpty();
        return (key, stage);
    }

    private BuildCache Reader(params InMemoryStore[] remotes) =>
        _caches.Create(_caches.Options("reader", trusted: [_caches.Key("ci-1").Public]), remotes);

    [Fact]
    public async Task Remotes_are_asked_in_order_after_the_local_store_and_an_unavailable_one_is_skipped()
    {
        var first = new InMemoryStore();
        var second = new InMemoryStore();
        var (key, stage) = await PublishAsync(second, "zlib");
        second.Calls.Clear();
        for (var i = 0; i < 3; i++) first.FailNext.Enqueue(InMemoryStore.ServerError());
        await using var reader = Reader(first, second);

        var result = await reader.TryRestoreAsync(key, _temp.Sub("out"));

        result.Should().BeEquivalentTo(new { Hit = true, Source = "memory://test" });
        first.Calls.Should().Equal(Enumerable.Repeat($"GET ac/{key}", 3), "three attempts, then the next remote");
        second.Calls.Should().Equal($"GET ac/{key}", $"GET cas/{result.Entry!.OutputSha256}");
        _caches.Log.Warnings.Should().ContainSingle(w => w.Contains("gave up after 3 attempts"));
        TreeSnapshot.Of(_temp.Sub("out")).Should().Equal(TreeSnapshot.Of(stage));
    }

    [Fact]
    public async Task Misses_are_not_remembered_so_an_entry_published_meanwhile_is_found()
    {
        var remote = new InMemoryStore();
        await using var reader = Reader(remote);
        var key = Bytes.Key("late");

        (await reader.TryRestoreAsync(key, _temp.Sub("out"))).Hit.Should().BeFalse();
        await PublishAsync(remote, "late");
        var second = await reader.TryRestoreAsync(key, _temp.Sub("out"));

        second.Hit.Should().BeTrue();
        reader.Report.Should().BeEquivalentTo(new { Misses = 1, RemoteHits = 1 });
    }

    [Fact]
    public async Task A_record_naming_a_different_key_is_a_corrupt_miss()
    {
        var remote = new InMemoryStore();
        var (key, _) = await PublishAsync(remote, "moved");
        var other = Bytes.Key("other");
        remote.Objects["ac/" + other] = remote.Objects["ac/" + key];
        await using var reader = Reader(remote);

        var result = await reader.TryRestoreAsync(other, _temp.Sub("out"));

        result.MissReason.Should().Be(CacheMissReason.Corrupt);
        result.Detail.Should().Contain($"it describes key {key}");
    }

    [Fact]
    public async Task A_blob_larger_than_its_record_says_is_cut_off_and_rejected()
    {
        var remote = new InMemoryStore();
        var (key, _) = await PublishAsync(remote, "padded");
        var entry = CacheEntryJson.Parse(remote.Objects["ac/" + key], key, "test");
        remote.Objects["cas/" + entry.OutputSha256] = [.. remote.Objects["cas/" + entry.OutputSha256], .. new byte[1000]];
        await using var reader = Reader(remote);

        var result = await reader.TryRestoreAsync(key, _temp.Sub("out"));

        result.MissReason.Should().Be(CacheMissReason.Corrupt);
        result.Detail.Should().Contain("longer than");
    }

    [Fact]
    public async Task Publishing_retries_transient_failures_and_writes_the_record_last()
    {
        var remote = new InMemoryStore();
        remote.FailNext.Enqueue(InMemoryStore.ServerError());
        var (key, _) = await PublishAsync(remote, "retried");

        var digest = CacheEntryJson.Parse(remote.Objects["ac/" + key], key, "test").OutputSha256;
        remote.Calls.Should().Equal($"HEAD cas/{digest}", $"HEAD cas/{digest}", $"PUT cas/{digest}", $"PUT ac/{key}", $"GET ac/{key}");
    }

    [Fact]
    public async Task A_truncated_blob_on_the_remote_is_uploaded_again_instead_of_trusted()
    {
        var remote = new InMemoryStore();
        var (key, stage) = await PublishAsync(remote, "truncated");
        var digest = CacheEntryJson.Parse(remote.Objects["ac/" + key], key, "test").OutputSha256;
        remote.Objects["cas/" + digest] = remote.Objects["cas/" + digest][..100];

        await using var publisher = _caches.Create(_caches.Options("publisher-truncated", signingKey: "ci-1"), [remote]);
        var report = await publisher.PublishAsync([new CachePublishRequest(key, stage, CacheFactory.Metadata("truncated"))]);

        report.Outcomes.Should().ContainSingle(o => o.Published && !o.BlobAlreadyPresent);
        await using var reader = Reader(remote);
        (await reader.TryRestoreAsync(key, _temp.Sub("out"))).Hit.Should().BeTrue();
    }

    [Fact]
    public async Task Upload_failures_are_reported_not_swallowed_and_fail_the_build_under_require_cache()
    {
        var remote = new InMemoryStore();
        for (var i = 0; i < 6; i++) remote.FailNext.Enqueue(new CacheStoreException("HTTP 403 Forbidden", transient: false));
        var stage = StageTrees.CreateSingle(_temp.Sub("stage"), 100, 1);
        var request = new CachePublishRequest(Bytes.Key("denied"), stage, CacheFactory.Metadata("denied"));

        await using (var lenient = _caches.Create(_caches.Options("p1", signingKey: "ci-1"), [remote]))
        {
            var report = await lenient.PublishAsync([request]);
            report.Failures.Should().ContainSingle().Which.Error.Should().Contain("403");
            lenient.Report.UploadFailures.Should().Be(1);
            lenient.Report.ToSummaryLine().Should().Contain("1 upload failed");
        }
        remote.Objects.Keys.Should().NotContain(k => k.StartsWith("ac/", StringComparison.Ordinal), "no record without its blob");

        await using var strict = _caches.Create(_caches.Options("p2", signingKey: "ci-1") with { RequireCache = true }, [remote]);
        var act = () => strict.PublishAsync([request]);
        (await act.Should().ThrowAsync<BuildFailure>()).Which.Message.Should().Contain("403");
    }

    [Fact]
    public async Task Publishing_a_locally_pulled_entry_adds_the_publishers_signature()
    {
        var upstream = new InMemoryStore();
        var mirror = new InMemoryStore();
        var (key, stage) = await PublishAsync(upstream, "mirrored");
        var options = _caches.Options("mirror", signingKey: "mirror-1", trusted: [_caches.Key("ci-1").Public]);
        await using (var puller = _caches.Create(options, [upstream]))
            (await puller.TryRestoreAsync(key, _temp.Sub("pulled"))).Hit.Should().BeTrue();

        await using var pusher = _caches.Create(options, [mirror]);
        (await pusher.PublishAsync([new CachePublishRequest(key, stage, CacheFactory.Metadata("mirrored"))])).Failures.Should().BeEmpty();

        var entry = CacheEntryJson.Parse(mirror.Objects["ac/" + key], key, "test");
        entry.Signatures.Select(s => s.KeyName).Should().Equal("ci-1", "mirror-1");
    }
}
