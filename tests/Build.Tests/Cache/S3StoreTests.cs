using RedoxBuild.Cache;
using RedoxBuild.Tests.Cache.Servers;
using RedoxBuild.Tests.Cache.Support;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cache;

/// <summary>The s3:// store (AWSSDK.S3 with an endpoint override) against npm's s3rver on loopback.</summary>
public class S3StoreTests(S3rverFixture fixture) : RemoteStoreScenarios(fixture), IClassFixture<S3rverFixture>
{
    [RequiresToolsFact("node", "npm")] public Task Publish_then_pull_gives_identical_outputs() => Publish_then_pull_into_an_empty_local_store_gives_identical_outputs();
    [RequiresToolsFact("node", "npm")] public Task A_flipped_byte_is_rejected() => A_flipped_byte_in_the_blob_is_rejected();
    [RequiresToolsFact("node", "npm")] public Task A_missing_blob_misses() => A_missing_blob_is_a_miss();
    [RequiresToolsFact("node", "npm")] public Task An_unsigned_entry_misses() => An_unsigned_entry_is_a_miss();
    [RequiresToolsFact("node", "npm")] public Task A_foreign_signed_entry_misses() => A_foreign_signed_entry_is_a_miss();
    [RequiresToolsFact("node", "npm")] public Task Concurrent_publishers_do_not_corrupt_an_entry() => Two_publishers_of_the_same_key_do_not_corrupt_it();
    [RequiresToolsFact("node", "npm")] public Task A_killed_upload_leaves_nothing_trusted() => An_upload_killed_midway_leaves_nothing_a_reader_trusts();

    [RequiresToolsFact("node", "npm")]
    public async Task Objects_are_laid_out_under_the_prefix_as_ac_and_cas()
    {
        var (url, key, entry) = await PublishOneAsync(StageTrees.CreateSingle(Temp.Sub("stage"), 1000, 11));
        var prefix = new Uri(url).AbsolutePath.Trim('/');

        var keys = await fixture.ListAsync(prefix);

        keys.Should().BeEquivalentTo($"{prefix}/ac/{key}", $"{prefix}/cas/{entry.OutputSha256}");
    }

    [RequiresToolsFact("node", "npm")]
    public async Task Wrong_credentials_are_a_warning_that_names_the_fix_and_never_the_secret()
    {
        var url = await fixture.NewUrlAsync();
        var options = fixture.Configure(Caches.Options("reader")) with
        {
            RemoteUrls = [url],
            Credentials = new CacheCredentials(S3AccessKey: new SecretText("NOT-A-KEY"), S3SecretKey: new SecretText("s3-secret-77aa11")),
        };
        await using var reader = Caches.Create(options);

        var result = await reader.TryRestoreAsync(Bytes.Key("x"), Temp.Sub("out"));

        result.MissReason.Should().Be(CacheMissReason.Unavailable);
        Caches.Log.Warnings.Should().ContainSingle(w => w.Contains("S3 403") && w.Contains("--cache-s3-access-key"));
        Caches.Log.All.Should().NotContain("s3-secret-77aa11");
    }
}
