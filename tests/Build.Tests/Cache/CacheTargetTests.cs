using RedoxBuild.Cache.Signing;
using RedoxBuild.Tests.Cache.Support;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cache;

/// <summary>CacheKeygen, CacheGc and CacheVerify run through the real build.</summary>
public class CacheTargetTests : IDisposable
{
    private readonly string _root = BuildHarness.CreateTemporaryRoot();
    private readonly CacheTemp _temp = new();
    private readonly CacheFactory _caches;

    public CacheTargetTests() => _caches = new CacheFactory(_temp);

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        _temp.Dispose();
    }

    [Fact]
    public async Task CacheKeygen_writes_a_0600_secret_key_and_prints_only_the_public_key()
    {
        var secretFile = _temp.Sub("keys/ci.secret");

        var result = await BuildHarness.RunAsync(_root, ["CacheKeygen", "--cache-key-name", "redox-ci-1", "--cache-secret-key-file", secretFile]);

        result.ExitCode.Should().Be(0, result.Out + result.Error);
        File.GetUnixFileMode(secretFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var publicKey = CacheSigningKey.Load(secretFile).PublicKey.ToString();
        result.Out.Should().Contain($"--cache-trusted-keys {publicKey}");
        var secretBase64 = File.ReadAllText(secretFile).Trim().Split(':')[1];
        (result.Out + result.Error).Should().NotContain(secretBase64).And.NotContain(secretBase64[..20]);
        File.ReadAllText(secretFile + ".pub").Trim().Should().Be(publicKey);
    }

    [Fact]
    public async Task CacheKeygen_defaults_to_the_config_directory_and_refuses_to_overwrite()
    {
        var environment = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = _temp.Sub("config") };

        var first = await BuildHarness.RunAsync(_root, ["CacheKeygen", "--cache-key-name", "laptop-1"], environment);
        var second = await BuildHarness.RunAsync(_root, ["CacheKeygen", "--cache-key-name", "laptop-1"], environment);

        first.ExitCode.Should().Be(0, first.Out);
        File.Exists(_temp.Sub("config/redox-build/cache-keys/laptop-1.secret")).Should().BeTrue();
        second.ExitCode.Should().Be(1);
        second.Out.Should().Contain("already exists");
    }

    [Fact]
    public async Task CacheKeygen_without_a_key_name_fails_before_running()
    {
        var result = await BuildHarness.RunAsync(_root, ["CacheKeygen"]);

        result.ExitCode.Should().Be(2);
        (result.Out + result.Error).Should().Contain("cache-key-name");
    }

    [Fact]
    public async Task CacheGc_trims_the_local_store_to_the_size_limit()
    {
        var store = _temp.Sub("store");
        await using (var cache = _caches.Create(_caches.Options("store")))
            for (var i = 0; i < 4; i++)
                await cache.StoreAsync(Bytes.Key($"r{i}"), StageTrees.CreateSingle(_temp.Sub($"s{i}"), 200_000, i), CacheFactory.Metadata($"r{i}"));

        var result = await BuildHarness.RunAsync(_root, ["CacheGc", "--cache-dir", store, "--cache-size", "450K"]);

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain("Cache GC of").And.Contain("evicted 2 entries and 2 archives");
        RedoxBuild.Cache.Stores.Local.LocalStoreGc.MeasureBytes(new RedoxBuild.Cache.Stores.Local.LocalStore(store, TimeProvider.System)).Should().BeLessThanOrEqualTo(450 * 1024);
    }

    [Fact]
    public async Task CacheVerify_removes_damage_and_never_prints_the_secrets_it_was_given()
    {
        var store = _temp.Sub("store");
        await using (var cache = _caches.Create(_caches.Options("store")))
        {
            var stored = await cache.StoreAsync(Bytes.Key("bad"), StageTrees.CreateSingle(_temp.Sub("s"), 5000, 1), CacheFactory.Metadata("bad"));
            Bytes.FlipByte(cache.Local.BlobPath(stored.Entry!.OutputSha256), 10);
        }
        var environment = new Dictionary<string, string> { ["CACHE_TOKEN"] = "tok-0d9f8e7c6b5a", ["AWS_SECRET_ACCESS_KEY"] = "aws-secret-1a2b3c4d" };

        var result = await BuildHarness.RunAsync(_root, ["CacheVerify", "--cache-dir", store, "--verbosity", "verbose"], environment);

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain("1 archives (1 damaged, removed)");
        (result.Out + result.Error).Should().NotContain("tok-0d9f8e7c6b5a").And.NotContain("aws-secret-1a2b3c4d");
    }

    [Fact]
    public async Task A_malformed_trusted_key_fails_with_what_is_wrong()
    {
        var result = await BuildHarness.RunAsync(_root, ["CacheVerify", "--cache-dir", _temp.Sub("store"), "--cache-trusted-keys", "ci-1:not-base64!"]);

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("Binary cache keys: A trusted public key 'ci-1': the part after the colon is not valid base64.");
    }
}
