using RedoxBuild.Cache.Stores.Local;
using RedoxBuild.Engine;
using RedoxBuild.Tests.Cache.Support;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cache;

/// <summary>
/// The local store only ever deletes what it wrote itself: a folder without the store's marker that holds anything
/// else is refused by GC, verify and the automatic trim, and maintenance skips files the store did not name.
/// </summary>
public class LocalStoreOwnershipTests : IDisposable
{
    private readonly string _root = BuildHarness.CreateTemporaryRoot();
    private readonly CacheTemp _temp = new();
    private readonly CacheFactory _caches;

    public LocalStoreOwnershipTests() => _caches = new CacheFactory(_temp);

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        _temp.Dispose();
    }

    [Fact]
    public async Task CacheGc_on_a_folder_that_is_not_a_cache_fails_with_the_fix_and_deletes_nothing()
    {
        var folder = _temp.Sub("x");
        var notes = WriteFile(folder, "tmp/proj/old-notes.txt", "my notes");
        File.SetLastWriteTimeUtc(notes, DateTime.UtcNow - TimeSpan.FromDays(3));
        var readme = WriteFile(folder, "ac/readme.txt", "read me");

        var result = await BuildHarness.RunAsync(_root, ["CacheGc", "--cache-dir", folder, "--cache-size", "1K"]);

        result.ExitCode.Should().Be(1, result.Out);
        result.Out.Should().Contain(folder).And.Contain(LocalStoreMarker.FileName).And.Contain("--cache-dir").And.Contain("empty");
        File.ReadAllText(notes).Should().Be("my notes");
        File.ReadAllText(readme).Should().Be("read me");
        File.Exists(Path.Combine(folder, LocalStoreMarker.FileName)).Should().BeFalse();
    }

    [Fact]
    public async Task CacheVerify_on_a_folder_that_is_not_a_cache_fails_with_the_fix_and_keeps_the_photo()
    {
        var folder = _temp.Sub("x");
        var photo = WriteFile(folder, "cas/photo.jpg", "\xFF\xD8 jpeg bytes");

        var result = await BuildHarness.RunAsync(_root, ["CacheVerify", "--cache-dir", folder]);

        result.ExitCode.Should().Be(1, result.Out);
        result.Out.Should().Contain(folder).And.Contain(LocalStoreMarker.FileName).And.Contain("cas/photo.jpg");
        File.Exists(photo).Should().BeTrue();
    }

    [Fact]
    public void A_cache_on_a_folder_that_is_not_a_cache_fails_before_cook_stores_or_trims_anything()
    {
        var folder = _temp.Sub("x");
        var file = WriteFile(folder, "holiday.txt", "keep me");

        var create = () => _caches.Create(_caches.Options("x") with { LocalSizeLimit = 1 });

        create.Should().Throw<BuildFailure>().WithMessage($"*{folder}*{LocalStoreMarker.FileName}*holiday.txt*--cache-dir*");
        Directory.EnumerateFileSystemEntries(folder).Should().Equal(file);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_missing_or_empty_folder_becomes_a_cache_with_the_marker(bool exists)
    {
        var folder = _temp.Sub("fresh");
        if (exists) Directory.CreateDirectory(folder);

        var result = await BuildHarness.RunAsync(_root, ["CacheGc", "--cache-dir", folder]);

        result.ExitCode.Should().Be(0, result.Out);
        File.ReadAllText(Path.Combine(folder, LocalStoreMarker.FileName)).Should().Contain($"\"format\": {LocalStoreMarker.FormatVersion}");
    }

    [Fact]
    public async Task A_store_written_by_an_earlier_version_without_a_marker_is_adopted_and_keeps_its_outputs()
    {
        var folder = _temp.Sub("store");
        string digest;
        await using (var cache = _caches.Create(_caches.Options("store")))
            digest = (await cache.StoreAsync(Bytes.Key("old"), StageTrees.CreateSingle(_temp.Sub("s"), 5000, 1), CacheFactory.Metadata("old"))).Entry!.OutputSha256;
        File.Delete(Path.Combine(folder, LocalStoreMarker.FileName));
        File.WriteAllText(AtomicFile.TempPathFor(Path.Combine(folder, "tmp")), "a crashed writer's leftovers");

        var result = await BuildHarness.RunAsync(_root, ["CacheGc", "--cache-dir", folder]);

        result.ExitCode.Should().Be(0, result.Out);
        File.Exists(Path.Combine(folder, LocalStoreMarker.FileName)).Should().BeTrue();
        File.Exists(Path.Combine(folder, $"cas/{digest[..2]}/{digest}")).Should().BeTrue();
        File.Exists(Path.Combine(folder, $"ac/{Bytes.Key("old")[..2]}/{Bytes.Key("old")}.json")).Should().BeTrue();
    }

    [Fact]
    public async Task Gc_and_verify_of_a_marked_store_leave_files_the_store_did_not_name()
    {
        var folder = _temp.Sub("store");
        await using var cache = _caches.Create(_caches.Options("store"));
        await cache.StoreAsync(Bytes.Key("a"), StageTrees.CreateSingle(_temp.Sub("s"), 5000, 1), CacheFactory.Metadata("a"));
        var strays = new[] { "ac/readme.txt", "cas/photo.jpg", "cas/ab/notes", "tmp/proj/old-notes.txt", "tmp/.tmp-mine" }
            .Select(name => WriteFile(folder, name, "not the cache's")).ToList();
        strays.ForEach(f => File.SetLastWriteTimeUtc(f, DateTime.UtcNow - TimeSpan.FromDays(3)));

        var verified = await LocalStoreVerifier.VerifyAsync(cache.Local, cache.Trust, requireSignatures: false, CancellationToken.None);
        var collected = LocalStoreGc.Run(cache.Local, limit: 0);

        verified.Should().BeEquivalentTo(new { Blobs = 1, Entries = 1, DamagedBlobsRemoved = 0, BadEntriesRemoved = 0 });
        collected.Should().BeEquivalentTo(new { BlobsEvicted = 1, TempFilesRemoved = 0, DanglingEntriesRemoved = 0 });
        strays.Should().OnlyContain(f => File.Exists(f));
    }

    [Fact]
    public void A_marker_from_a_newer_format_is_refused_rather_than_guessed_at()
    {
        var folder = _temp.Sub("store");
        WriteFile(folder, LocalStoreMarker.FileName, "{\"format\": 99}");

        var create = () => _caches.Create(_caches.Options("store"));

        create.Should().Throw<BuildFailure>().WithMessage("*format 99*newer redox-build*--cache-dir*");
    }

    private static string WriteFile(string folder, string relative, string text)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
