using RedoxBuild.Cache;
using RedoxBuild.Cache.Entries;
using RedoxBuild.Engine;
using RedoxBuild.Tests.Cache.Support;

namespace RedoxBuild.Tests.Cache;

/// <summary>The seam Cook calls, against the local store: hits, misses, trust, reports and failure policy.</summary>
public class BuildCacheTests : IDisposable
{
    private readonly CacheTemp _temp = new();
    private readonly CacheFactory _caches;

    public BuildCacheTests() => _caches = new CacheFactory(_temp);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_stored_output_restores_byte_identical_and_counts_its_build_time_as_saved()
    {
        await using var cache = _caches.Create(_caches.Options("local"));
        var stage = StageTrees.CreateMixed(_temp.Sub("stage"));
        var key = Bytes.Key("relibc");
        await cache.StoreAsync(key, stage, CacheFactory.Metadata("relibc", seconds: 754));

        var result = await cache.TryRestoreAsync(key, _temp.Sub("out"));

        result.Should().BeEquivalentTo(new { Hit = true, Source = "local", BytesDownloaded = 0L, TimeSaved = TimeSpan.FromSeconds(754) });
        TreeSnapshot.Of(_temp.Sub("out")).Should().Equal(TreeSnapshot.Of(stage));
        cache.Report.Should().Be(new CacheReport(LocalHits: 1, RemoteHits: 0, Misses: 0, BytesDownloaded: 0, BytesUploaded: 0, TimeSaved: TimeSpan.FromSeconds(754), Stored: 1, Warnings: 0, UploadFailures: 0));
    }

    [Fact]
    public async Task A_miss_leaves_the_destination_alone_and_is_counted()
    {
        await using var cache = _caches.Create(_caches.Options("local"));
        Directory.CreateDirectory(_temp.Sub("out"));

        var result = await cache.TryRestoreAsync(Bytes.Key("never stored"), _temp.Sub("out"));

        result.Should().BeEquivalentTo(new { Hit = false, MissReason = CacheMissReason.NotFound, Entry = (CacheEntry?)null });
        Directory.EnumerateFileSystemEntries(_temp.Sub("out")).Should().BeEmpty();
        cache.Report.Misses.Should().Be(1);
        _caches.Log.Warnings.Should().BeEmpty("a plain miss is not worth a warning");
    }

    [Fact]
    public async Task With_a_signing_key_entries_are_signed_and_unsigned_local_entries_are_misses()
    {
        var key = Bytes.Key("zlib");
        await using (var unsigned = _caches.Create(_caches.Options("local")))
            (await unsigned.StoreAsync(key, StageTrees.CreateSingle(_temp.Sub("stage"), 1000, 1), CacheFactory.Metadata("zlib"))).Entry!.Signatures.Should().BeEmpty();

        await using var signing = _caches.Create(_caches.Options("local", signingKey: "builder-1"));
        var result = await signing.TryRestoreAsync(key, _temp.Sub("out"));

        result.Should().BeEquivalentTo(new { Hit = false, MissReason = CacheMissReason.Untrusted });
        _caches.Log.Warnings.Should().ContainSingle(w => w.Contains("it is unsigned"));
        var restored = await signing.StoreAsync(key, StageTrees.CreateSingle(_temp.Sub("stage2"), 1000, 1), CacheFactory.Metadata("zlib"));
        restored.Entry!.Signatures.Should().ContainSingle(s => s.KeyName == "builder-1");
        (await signing.TryRestoreAsync(key, _temp.Sub("out"))).Hit.Should().BeTrue();
    }

    [Fact]
    public async Task A_local_entry_signed_by_a_foreign_key_is_a_miss()
    {
        var key = Bytes.Key("openssl");
        await using (var foreign = _caches.Create(_caches.Options("local", signingKey: "stranger-1")))
            await foreign.StoreAsync(key, StageTrees.CreateSingle(_temp.Sub("stage"), 1000, 1), CacheFactory.Metadata("openssl"));

        await using var cache = _caches.Create(_caches.Options("local", signingKey: "builder-1"));
        var result = await cache.TryRestoreAsync(key, _temp.Sub("out"));

        result.MissReason.Should().Be(CacheMissReason.Untrusted);
        result.Detail.Should().Contain("stranger-1").And.Contain("not among the trusted keys (builder-1)");
    }

    [Fact]
    public async Task A_record_edited_to_point_at_another_archive_fails_its_signature()
    {
        await using var cache = _caches.Create(_caches.Options("local", signingKey: "builder-1"));
        var victim = Bytes.Key("victim");
        var other = await cache.StoreAsync(Bytes.Key("other"), StageTrees.CreateSingle(_temp.Sub("s1"), 2000, 1), CacheFactory.Metadata("other"));
        var stored = await cache.StoreAsync(victim, StageTrees.CreateSingle(_temp.Sub("s2"), 2000, 2), CacheFactory.Metadata("victim"));
        var forged = stored.Entry! with { OutputSha256 = other.Entry!.OutputSha256, Size = other.Entry.Size };
        File.WriteAllBytes(cache.Local.EntryPath(victim), CacheEntryJson.Serialize(forged));

        var result = await cache.TryRestoreAsync(victim, _temp.Sub("out"));

        result.MissReason.Should().Be(CacheMissReason.Untrusted);
        result.Detail.Should().Contain("does not verify");
    }

    [Fact]
    public async Task An_output_that_cannot_be_cached_is_skipped_with_a_warning_and_does_not_fail_the_build()
    {
        await using var cache = _caches.Create(_caches.Options("local") with { RequireCache = true });
        var stage = _temp.Sub("stage");
        Directory.CreateDirectory(stage);
        File.CreateSymbolicLink(Path.Combine(stage, "sh"), "/bin/dash");

        var result = await cache.StoreAsync(Bytes.Key("dash"), stage, CacheFactory.Metadata("dash"));

        result.Stored.Should().BeFalse();
        result.Problem.Should().Contain("absolute target '/bin/dash'");
        _caches.Log.Warnings.Should().ContainSingle(w => w.Contains("\"dash\" is not cacheable"));
    }

    [Fact]
    public async Task A_broken_local_store_is_a_warning_and_a_miss_but_fails_the_build_under_require_cache()
    {
        File.WriteAllText(_temp.Sub("not-a-directory"), "x");
        var options = _caches.Options("not-a-directory");
        var key = Bytes.Key("anything");

        await using (var lenient = _caches.Create(options))
        {
            (await lenient.StoreAsync(key, StageTrees.CreateSingle(_temp.Sub("stage"), 10, 1), CacheFactory.Metadata("x"))).Stored.Should().BeFalse();
            _caches.Log.Warnings.Should().ContainSingle(w => w.Contains("carrying on without it"));
        }

        await using var strict = _caches.Create(options with { RequireCache = true });
        var act = () => strict.StoreAsync(key, _temp.Sub("stage"), CacheFactory.Metadata("x"));
        (await act.Should().ThrowAsync<BuildFailure>()).Which.Message.Should().Contain("--require-cache is on");
    }

    [Fact]
    public async Task A_restore_into_a_non_empty_directory_is_a_caller_error()
    {
        await using var cache = _caches.Create(_caches.Options("local"));
        StageTrees.Write(_temp.Sub("out"), "left-over", [1], (UnixFileMode)0b110_100_100);

        var act = () => cache.TryRestoreAsync(Bytes.Key("x"), _temp.Sub("out"));

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*must be absent or empty*");
    }

    [Fact]
    public void Keys_that_are_not_64_lowercase_hex_are_refused_before_touching_any_store()
    {
        var act = () => CacheIdentifiers.RequireKey("../../etc/passwd");

        act.Should().Throw<ArgumentException>().WithMessage("*64 lowercase hex*");
        CacheIdentifiers.IsSha256Hex(Bytes.Key("x").ToUpperInvariant()).Should().BeFalse();
    }

    [Fact]
    public async Task Publishing_without_a_signing_key_is_refused_with_the_fix()
    {
        await using var cache = _caches.Create(_caches.Options("local"), remotes: [new Servers.InMemoryStore()]);

        var act = () => cache.PublishAsync([new CachePublishRequest(Bytes.Key("x"), _temp.Sub("stage"), CacheFactory.Metadata("x"))]);

        (await act.Should().ThrowAsync<BuildFailure>()).Which.Message.Should().Contain("CacheKeygen");
    }

    [Fact]
    public async Task Read_only_mode_publishes_nothing()
    {
        var remote = new Servers.InMemoryStore();
        await using var cache = _caches.Create(_caches.Options("local", signingKey: "ci-1") with { ReadOnly = true }, remotes: [remote]);

        var report = await cache.PublishAsync([new CachePublishRequest(Bytes.Key("x"), StageTrees.CreateSingle(_temp.Sub("stage"), 10, 1), CacheFactory.Metadata("x"))]);

        report.Outcomes.Should().BeEmpty();
        report.Skipped.Should().Contain("--cache-read-only");
        remote.Objects.Should().BeEmpty();
    }

    [Fact]
    public void The_report_line_is_made_for_the_build_summary()
    {
        var report = new CacheReport(9, 3, 4, 44_150_000, 3_145_728, TimeSpan.FromSeconds(750), Stored: 4, Warnings: 1, UploadFailures: 0);
        var summary = new Dictionary<string, string>();

        report.AddTo(summary);

        summary["Cache"].Should().Be("12 hits (9 local, 3 remote), 4 misses, 42.1 MiB down, 3 MiB up, 12m 30s saved, 4 stored, 1 warning");
        CacheReport.FormatDuration(TimeSpan.FromSeconds(4.25)).Should().Be("4.3s");
        CacheReport.FormatDuration(TimeSpan.FromMinutes(135)).Should().Be("2h 15m");
    }
}
