using RedoxBuild.Cache;
using RedoxBuild.Cache.Entries;
using RedoxBuild.Cache.Stores;
using RedoxBuild.Tests.Cache.Servers;
using RedoxBuild.Tests.Cache.Support;

namespace RedoxBuild.Tests.Cache;

/// <summary>
/// What every remote must do, run against a real server per store kind (the derived classes). A publisher signs
/// with ci-1; a reader starts from an empty local store and trusts only ci-1.
/// </summary>
public abstract class RemoteStoreScenarios : IDisposable
{
    private readonly IRemoteCacheFixture _fixture;

    protected RemoteStoreScenarios(IRemoteCacheFixture fixture)
    {
        _fixture = fixture;
        Caches = new CacheFactory(Temp);
    }

    protected CacheTemp Temp { get; } = new();
    protected CacheFactory Caches { get; }

    public void Dispose() => Temp.Dispose();

    protected async Task<BuildCache> PublisherAsync(string url, string local = "publisher", string key = "ci-1") =>
        Caches.Create(_fixture.Configure(Caches.Options(local, signingKey: key) with { RemoteUrls = [url] }));

    protected BuildCache Reader(string url, string local = "reader") =>
        Caches.Create(_fixture.Configure(Caches.Options(local, trusted: [Caches.Key("ci-1").Public]) with { RemoteUrls = [url] }));

    protected async Task Publish_then_pull_into_an_empty_local_store_gives_identical_outputs()
    {
        var url = await _fixture.NewUrlAsync();
        var stages = new[] { StageTrees.CreateMixed(Temp.Sub("s0")), StageTrees.CreateSingle(Temp.Sub("s1"), 3_000_000, 1), StageTrees.CreateSingle(Temp.Sub("s2"), 1, 2) };
        var keys = stages.Select((_, i) => Bytes.Key($"recipe {i}")).ToArray();
        await using var publisher = await PublisherAsync(url);

        var report = await publisher.PublishAsync(stages.Select((s, i) => new CachePublishRequest(keys[i], s, CacheFactory.Metadata($"recipe-{i}", 30 + i))).ToList());

        report.Failures.Should().BeEmpty();
        report.Outcomes.Should().HaveCount(3).And.OnlyContain(o => o.Published && !o.BlobAlreadyPresent);
        await using var reader = Reader(url);
        long archiveBytes = 0;
        for (var i = 0; i < stages.Length; i++)
        {
            var result = await reader.TryRestoreAsync(keys[i], Temp.Sub($"out{i}"));
            result.Should().BeEquivalentTo(new { Hit = true, Source = reader.Remotes[0].DisplayName }, Caches.Log.All);
            TreeSnapshot.Of(Temp.Sub($"out{i}")).Should().Equal(TreeSnapshot.Of(stages[i]));
            result.BytesDownloaded.Should().Be(result.Entry!.Size);
            archiveBytes += result.Entry.Size;
        }
        reader.Report.Should().BeEquivalentTo(new { RemoteHits = 3, LocalHits = 0, BytesDownloaded = archiveBytes, TimeSaved = TimeSpan.FromSeconds(93), Warnings = 0 });

        // The remote hit was kept locally: the same reader now hits without the remote.
        (await reader.TryRestoreAsync(keys[1], Temp.Sub("again"))).Source.Should().Be("local");
        // Publishing again finds every archive present and only rewrites records.
        (await publisher.PublishAsync([new CachePublishRequest(keys[1], stages[1], CacheFactory.Metadata("recipe-1"))])).Outcomes
            .Should().ContainSingle(o => o.Published && o.BlobAlreadyPresent);
    }

    protected async Task A_flipped_byte_in_the_blob_is_rejected()
    {
        // Content no other test uses: a registry keeps one copy of a blob for all its repositories.
        var (url, key, entry) = await PublishOneAsync(StageTrees.CreateMixed(Temp.Sub("stage"), seed: 42));
        await _fixture.DamageBlobAsync(url, entry.OutputSha256);
        await using var reader = Reader(url);

        var result = await reader.TryRestoreAsync(key, Temp.Sub("out"));

        result.Should().BeEquivalentTo(new { Hit = false, MissReason = CacheMissReason.Corrupt });
        result.Detail.Should().Contain("hashes to");
        Caches.Log.Warnings.Should().ContainSingle(w => w.Contains("was rejected"));
        reader.Local.HasBlob(entry.OutputSha256).Should().BeFalse("damaged bytes never enter the local store");
        File.Exists(reader.Local.EntryPath(key)).Should().BeFalse();
        Directory.Exists(Temp.Sub("out")).Should().BeFalse();
        Directory.EnumerateFiles(reader.Local.StagingDirectory).Should().BeEmpty();
    }

    protected async Task A_missing_blob_is_a_miss()
    {
        var (url, key, entry) = await PublishOneAsync(StageTrees.CreateSingle(Temp.Sub("stage"), 50_000, 3));
        await _fixture.DeleteBlobAsync(url, entry.OutputSha256);
        await using var reader = Reader(url);

        var result = await reader.TryRestoreAsync(key, Temp.Sub("out"));

        result.Should().BeEquivalentTo(new { Hit = false, MissReason = CacheMissReason.NotFound });
        Caches.Log.Warnings.Should().ContainSingle(w => w.Contains("but not its archive"));
        File.Exists(reader.Local.EntryPath(key)).Should().BeFalse();
    }

    protected async Task An_unsigned_entry_is_a_miss()
    {
        var url = await _fixture.NewUrlAsync();
        await using var unsigned = Caches.Create(_fixture.Configure(Caches.Options("unsigned")));
        var key = Bytes.Key("unsigned");
        var stored = await unsigned.StoreAsync(key, StageTrees.CreateSingle(Temp.Sub("stage"), 1000, 4), CacheFactory.Metadata("unsigned"));
        using (var store = CacheStoreFactory.Create(url, _fixture.Configure(Caches.Options("unsigned"))))
        {
            await using (var blob = unsigned.Local.OpenBlob(stored.Entry!.OutputSha256))
                await store.PutBlobAsync(stored.Entry.OutputSha256, blob, stored.Entry.Size, CancellationToken.None);
            await store.PutEntryAsync(stored.Entry, CacheEntryJson.Serialize(stored.Entry), CancellationToken.None);
        }
        await using var reader = Reader(url);

        var result = await reader.TryRestoreAsync(key, Temp.Sub("out"));

        result.Should().BeEquivalentTo(new { Hit = false, MissReason = CacheMissReason.Untrusted });
        Caches.Log.Warnings.Should().ContainSingle(w => w.Contains("it is unsigned"));
        reader.Local.HasBlob(stored.Entry.OutputSha256).Should().BeFalse("an untrusted entry's archive is not even downloaded");
    }

    protected async Task A_foreign_signed_entry_is_a_miss()
    {
        var (url, key, _) = await PublishOneAsync(StageTrees.CreateSingle(Temp.Sub("stage"), 1000, 5), signingKey: "stranger-1");
        await using var reader = Reader(url);

        var result = await reader.TryRestoreAsync(key, Temp.Sub("out"));

        result.MissReason.Should().Be(CacheMissReason.Untrusted);
        Caches.Log.Warnings.Should().ContainSingle(w => w.Contains("stranger-1") && w.Contains("not among the trusted keys"));
    }

    protected async Task Two_publishers_of_the_same_key_do_not_corrupt_it()
    {
        var url = await _fixture.NewUrlAsync();
        var key = Bytes.Key("raced");
        var stageA = StageTrees.CreateSingle(Temp.Sub("a"), 2_000_000, 6);
        var stageB = StageTrees.CreateSingle(Temp.Sub("b"), 2_000_000, 7);
        await using var a = await PublisherAsync(url, "publisher-a", "ci-1");
        await using var b = await PublisherAsync(url, "publisher-b", "ci-1");

        var reports = await Task.WhenAll(
            Task.Run(() => a.PublishAsync([new CachePublishRequest(key, stageA, CacheFactory.Metadata("raced"))])),
            Task.Run(() => b.PublishAsync([new CachePublishRequest(key, stageB, CacheFactory.Metadata("raced"))])));

        reports.SelectMany(r => r.Failures).Should().BeEmpty();
        await using var reader = Reader(url);
        (await reader.TryRestoreAsync(key, Temp.Sub("out"))).Hit.Should().BeTrue(Caches.Log.All);
        var restored = TreeSnapshot.Of(Temp.Sub("out"));
        new[] { TreeSnapshot.Of(stageA), TreeSnapshot.Of(stageB) }.Should().Contain(s => s.SequenceEqual(restored));
    }

    protected async Task An_upload_killed_midway_leaves_nothing_a_reader_trusts()
    {
        var url = await _fixture.NewUrlAsync();
        var key = Bytes.Key("interrupted");
        var stage = StageTrees.CreateSingle(Temp.Sub("stage"), 4_000_000, 8);
        using var kill = new CancellationTokenSource();
        var options = _fixture.Configure(Caches.Options("publisher", signingKey: "ci-1"));
        await using (var publisher = Caches.Create(options, [new CancellingStore(CacheStoreFactory.Create(url, options), kill, afterBytes: 1_000_000)]))
        {
            var act = () => publisher.PublishAsync([new CachePublishRequest(key, stage, CacheFactory.Metadata("interrupted"))], kill.Token);
            await act.Should().ThrowAsync<OperationCanceledException>();
        }

        await using (var reader = Reader(url))
        {
            (await reader.TryRestoreAsync(key, Temp.Sub("out"))).Hit.Should().BeFalse();
            Directory.Exists(Temp.Sub("out")).Should().BeFalse();
        }

        // The next publish is not fooled by whatever the killed upload left on the server.
        await using (var publisher = await PublisherAsync(url))
            (await publisher.PublishAsync([new CachePublishRequest(key, stage, CacheFactory.Metadata("interrupted"))])).Failures.Should().BeEmpty();
        await using var later = Reader(url, "reader-2");
        (await later.TryRestoreAsync(key, Temp.Sub("out"))).Hit.Should().BeTrue(Caches.Log.All);
        TreeSnapshot.Of(Temp.Sub("out")).Should().Equal(TreeSnapshot.Of(stage));
    }

    protected async Task<(string Url, string Key, CacheEntry Entry)> PublishOneAsync(string stage, string signingKey = "ci-1")
    {
        var url = await _fixture.NewUrlAsync();
        var key = Bytes.Key(stage);
        await using var publisher = await PublisherAsync(url, key: signingKey);
        var report = await publisher.PublishAsync([new CachePublishRequest(key, stage, CacheFactory.Metadata("one"))]);
        report.Failures.Should().BeEmpty(Caches.Log.All);
        var entry = CacheEntryJson.Parse(await File.ReadAllBytesAsync(publisher.Local.EntryPath(key)), key, "test");
        return (url, key, entry);
    }
}
