using RedoxBuild.Tests.Cache.Servers;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cache;

/// <summary>The oci:// store against Debian's docker-registry (distribution 2.8) on loopback.</summary>
public class OciStoreTests(RegistryFixture fixture) : RemoteStoreScenarios(fixture), IClassFixture<RegistryFixture>
{
    [RequiresToolsFact("docker-registry")] public Task Publish_then_pull_gives_identical_outputs() => Publish_then_pull_into_an_empty_local_store_gives_identical_outputs();
    [RequiresToolsFact("docker-registry")] public Task A_flipped_byte_is_rejected() => A_flipped_byte_in_the_blob_is_rejected();
    [RequiresToolsFact("docker-registry")] public Task A_missing_blob_misses() => A_missing_blob_is_a_miss();
    [RequiresToolsFact("docker-registry")] public Task An_unsigned_entry_misses() => An_unsigned_entry_is_a_miss();
    [RequiresToolsFact("docker-registry")] public Task A_foreign_signed_entry_misses() => A_foreign_signed_entry_is_a_miss();
    [RequiresToolsFact("docker-registry")] public Task Concurrent_publishers_do_not_corrupt_an_entry() => Two_publishers_of_the_same_key_do_not_corrupt_it();
    [RequiresToolsFact("docker-registry")] public Task A_killed_upload_leaves_nothing_trusted() => An_upload_killed_midway_leaves_nothing_a_reader_trusts();
}
