using RedoxBuild.Cache;
using RedoxBuild.Cache.Entries;
using RedoxBuild.Cache.Stores.Local;
using RedoxBuild.Tests.Cache.Support;

namespace RedoxBuild.Tests.Cache;

/// <summary>The local directory store: layout, atomic writes, least-recently-used eviction and garbage collection.</summary>
public class LocalStoreTests : IDisposable
{
    private readonly CacheTemp _temp = new();
    private readonly CacheFactory _caches;
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));

    public LocalStoreTests() => _caches = new CacheFactory(_temp);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_stored_output_is_a_record_under_ac_and_an_archive_under_cas_with_nothing_left_in_tmp()
    {
        await using var cache = _caches.Create(_caches.Options("local"));
        var key = Bytes.Key("relibc");

        var stored = await cache.StoreAsync(key, StageTrees.CreateMixed(_temp.Sub("stage")), CacheFactory.Metadata("relibc"));

        stored.Stored.Should().BeTrue();
        var digest = stored.Entry!.OutputSha256;
        File.Exists(_temp.Sub($"local/ac/{key[..2]}/{key}.json")).Should().BeTrue();
        Bytes.Sha256(File.ReadAllBytes(_temp.Sub($"local/cas/{digest[..2]}/{digest}"))).Should().Be(digest);
        Directory.EnumerateFiles(_temp.Sub("local/tmp")).Should().BeEmpty();
        var entry = CacheEntryJson.Parse(File.ReadAllBytes(_temp.Sub($"local/ac/{key[..2]}/{key}.json")), key, "test");
        entry.Should().BeEquivalentTo(new { Key = key, Recipe = new RecipeIdentity("relibc", "1.0.0"), Builder = new BuilderInfo("test-host", "redox-build test"), BuildSeconds = 60.0 });
    }

    [Fact]
    public async Task Eviction_removes_the_least_recently_used_output_first_and_a_hit_counts_as_use()
    {
        await using var cache = _caches.Create(_caches.Options("local"), time: _time);
        var keys = new[] { "a", "b", "c" }.Select(Bytes.Key).ToArray();
        for (var i = 0; i < 3; i++)
        {
            await cache.StoreAsync(keys[i], StageTrees.CreateSingle(_temp.Sub($"stage{i}"), 100_000, i), CacheFactory.Metadata($"r{i}"));
            SetLastAccess(keys[i], _time.GetUtcNow());
            _time.Advance(TimeSpan.FromMinutes(1));
        }
        (await cache.TryRestoreAsync(keys[0], _temp.Sub("restored-a"))).Hit.Should().BeTrue(); // "a" is now the most recent
        var unit = LocalStoreGc.MeasureBytes(cache.Local) / 3;

        var result = LocalStoreGc.Run(cache.Local, limit: unit * 2 + 10);

        result.BlobsEvicted.Should().Be(1);
        result.EntriesEvicted.Should().Be(1);
        result.BytesAfter.Should().BeLessThanOrEqualTo(unit * 2 + 10);
        File.Exists(cache.Local.EntryPath(keys[1])).Should().BeFalse("b was used longest ago");
        File.Exists(cache.Local.EntryPath(keys[0])).Should().BeTrue();
        File.Exists(cache.Local.EntryPath(keys[2])).Should().BeTrue();
        LocalStoreGc.MeasureBytes(cache.Local).Should().Be(result.BytesAfter);
    }

    [Fact]
    public async Task Storing_past_the_size_limit_trims_the_store_and_keeps_the_newest_outputs()
    {
        var options = _caches.Options("local") with { LocalSizeLimit = 350_000 };
        await using var cache = _caches.Create(options, time: _time);
        var keys = Enumerable.Range(0, 6).Select(i => Bytes.Key($"recipe-{i}")).ToArray();

        for (var i = 0; i < keys.Length; i++)
        {
            await cache.StoreAsync(keys[i], StageTrees.CreateSingle(_temp.Sub($"stage{i}"), 100_000, i), CacheFactory.Metadata($"r{i}"));
            SetLastAccess(keys[i], _time.GetUtcNow());
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        LocalStoreGc.MeasureBytes(cache.Local).Should().BeLessThanOrEqualTo(350_000);
        File.Exists(cache.Local.EntryPath(keys[^1])).Should().BeTrue();
        File.Exists(cache.Local.EntryPath(keys[0])).Should().BeFalse();
        _caches.Log.Messages(Serilog.Events.LogEventLevel.Information).Should().Contain(m => m.Contains("evicted"));
    }

    [Fact]
    public async Task A_failure_between_blob_and_record_leaves_no_record_and_the_lookup_misses()
    {
        await using var cache = _caches.Create(_caches.Options("local"));
        var key = Bytes.Key("kernel");
        // The record's shard directory cannot be created (a file is in the way), so the write after the blob fails.
        Directory.CreateDirectory(_temp.Sub("local/ac"));
        File.WriteAllText(_temp.Sub($"local/ac/{key[..2]}"), "in the way");

        var stored = await cache.StoreAsync(key, StageTrees.CreateMixed(_temp.Sub("stage")), CacheFactory.Metadata("kernel"));

        stored.Stored.Should().BeFalse();
        _caches.Log.Warnings.Should().ContainSingle(w => w.Contains("storing kernel"));
        Directory.EnumerateFiles(_temp.Sub("local/cas"), "*", SearchOption.AllDirectories).Should().HaveCount(1, "the blob was committed first");
        File.Delete(_temp.Sub($"local/ac/{key[..2]}"));
        (await cache.TryRestoreAsync(key, _temp.Sub("out"))).Should().BeEquivalentTo(new { Hit = false, MissReason = CacheMissReason.NotFound });
        Directory.Exists(_temp.Sub("out")).Should().BeFalse();
    }

    [Fact]
    public async Task A_half_written_record_from_a_crashed_writer_is_never_read_and_gc_removes_it_when_stale()
    {
        await using var cache = _caches.Create(_caches.Options("local"), time: _time);
        var key = Bytes.Key("crashed");
        var shard = Directory.CreateDirectory(_temp.Sub($"local/ac/{key[..2]}")).FullName;
        var staleTemp = AtomicFile.TempPathFor(shard);
        var freshTemp = AtomicFile.TempPathFor(shard);
        File.WriteAllText(staleTemp, "{\"schema\":\"redox-build-cache-entry/1\",\"key\":\"" + key);
        File.WriteAllText(freshTemp, "{\"schema\":");
        File.SetLastWriteTimeUtc(staleTemp, _time.GetUtcNow().UtcDateTime - TimeSpan.FromHours(2));
        File.SetLastWriteTimeUtc(freshTemp, _time.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(5));

        (await cache.TryRestoreAsync(key, _temp.Sub("out"))).MissReason.Should().Be(CacheMissReason.NotFound);
        var result = LocalStoreGc.Run(cache.Local, long.MaxValue);

        result.TempFilesRemoved.Should().Be(1);
        File.Exists(staleTemp).Should().BeFalse();
        File.Exists(freshTemp).Should().BeTrue("a young temp file may belong to a writer that is still running");
    }

    [Fact]
    public async Task A_record_whose_archive_was_deleted_is_a_miss_and_is_removed()
    {
        await using var cache = _caches.Create(_caches.Options("local"));
        var key = Bytes.Key("orphan");
        var stored = await cache.StoreAsync(key, StageTrees.CreateSingle(_temp.Sub("stage"), 1000, 1), CacheFactory.Metadata("orphan"));
        cache.Local.DeleteBlob(stored.Entry!.OutputSha256);

        var result = await cache.TryRestoreAsync(key, _temp.Sub("out"));

        result.Should().BeEquivalentTo(new { Hit = false, MissReason = CacheMissReason.NotFound });
        File.Exists(cache.Local.EntryPath(key)).Should().BeFalse();
    }

    [Fact]
    public async Task A_flipped_byte_in_the_local_archive_is_rejected_with_a_warning_and_the_damage_is_removed()
    {
        await using var cache = _caches.Create(_caches.Options("local"));
        var key = Bytes.Key("damaged");
        var stored = await cache.StoreAsync(key, StageTrees.CreateMixed(_temp.Sub("stage")), CacheFactory.Metadata("damaged"));
        var blob = cache.Local.BlobPath(stored.Entry!.OutputSha256);
        Bytes.FlipByte(blob, new FileInfo(blob).Length / 2);

        var result = await cache.TryRestoreAsync(key, _temp.Sub("out"));

        result.Should().BeEquivalentTo(new { Hit = false, MissReason = CacheMissReason.Corrupt });
        _caches.Log.Warnings.Should().ContainSingle(w => w.Contains("is damaged and was deleted"));
        File.Exists(blob).Should().BeFalse();
        File.Exists(cache.Local.EntryPath(key)).Should().BeFalse();
        Directory.Exists(_temp.Sub("out")).Should().BeFalse();
    }

    [Fact]
    public async Task Two_writers_storing_the_same_key_at_once_leave_one_complete_entry()
    {
        var first = StageTrees.CreateSingle(_temp.Sub("stage1"), 3_000_000, 1);
        var second = StageTrees.CreateSingle(_temp.Sub("stage2"), 3_000_000, 2);
        var key = Bytes.Key("raced");
        await using var a = _caches.Create(_caches.Options("local"));
        await using var b = _caches.Create(_caches.Options("local"));

        await Task.WhenAll(
            Task.Run(() => a.StoreAsync(key, first, CacheFactory.Metadata("raced"))),
            Task.Run(() => b.StoreAsync(key, second, CacheFactory.Metadata("raced"))));

        await using var reader = _caches.Create(_caches.Options("local"));
        (await reader.TryRestoreAsync(key, _temp.Sub("out"))).Hit.Should().BeTrue();
        var restored = TreeSnapshot.Of(_temp.Sub("out"));
        new[] { TreeSnapshot.Of(first), TreeSnapshot.Of(second) }.Should().Contain(s => s.SequenceEqual(restored));
        Directory.EnumerateFiles(_temp.Sub("local/tmp")).Should().BeEmpty();
    }

    [Fact]
    public async Task Cache_verify_removes_damaged_archives_and_records_without_archives()
    {
        await using var cache = _caches.Create(_caches.Options("local"));
        var good = await cache.StoreAsync(Bytes.Key("good"), StageTrees.CreateSingle(_temp.Sub("s1"), 5000, 1), CacheFactory.Metadata("good"));
        var bad = await cache.StoreAsync(Bytes.Key("bad"), StageTrees.CreateSingle(_temp.Sub("s2"), 5000, 2), CacheFactory.Metadata("bad"));
        Bytes.FlipByte(cache.Local.BlobPath(bad.Entry!.OutputSha256), 100);

        var result = await LocalStoreVerifier.VerifyAsync(cache.Local, cache.Trust, requireSignatures: false, CancellationToken.None);

        result.Should().Be(new LocalVerifyResult(Entries: 2, Blobs: 2, DamagedBlobsRemoved: 1, BadEntriesRemoved: 0, DanglingEntriesRemoved: 1, UntrustedEntries: 0));
        cache.Local.HasBlob(good.Entry!.OutputSha256).Should().BeTrue();
        File.Exists(cache.Local.EntryPath(Bytes.Key("bad"))).Should().BeFalse();
    }

    private void SetLastAccess(string key, DateTimeOffset when)
    {
        var entry = _temp.Sub($"local/ac/{key[..2]}/{key}.json");
        var digest = CacheEntryJson.Parse(File.ReadAllBytes(entry), key, "test").OutputSha256;
        File.SetLastWriteTimeUtc(entry, when.UtcDateTime);
        File.SetLastWriteTimeUtc(_temp.Sub($"local/cas/{digest[..2]}/{digest}"), when.UtcDateTime);
    }
}
