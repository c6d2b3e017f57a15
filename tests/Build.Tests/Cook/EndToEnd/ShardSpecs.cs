using RedoxBuild.Cache.Signing;
using RedoxBuild.Tests.Cache.Servers;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.EndToEnd;

/// <summary>
/// --shard i/n: two CI jobs (separate roots, so separate work trees and local caches) cook one closure together through
/// a shared remote cache (a Bazel-style HTTP cache on loopback, entries signed); a third job then gets everything from
/// the cache, byte for byte what one full cook produces.
/// </summary>
public class ShardSpecs : IAsyncLifetime
{
    private readonly List<CookFixture> _jobs = [];
    private BazelCacheServer _remote = null!;
    private string _secretKey = null!;
    private string _publicKey = null!;
    private readonly string _shared = BuildHarness.CreateTemporaryRoot();

    public async Task InitializeAsync()
    {
        _remote = await BazelCacheServer.StartAsync(Path.Combine(_shared, "remote"));
        _secretKey = Path.Combine(_shared, "ci.secret");
        (await BuildHarness.RunAsync(_shared, ["CacheKeygen", "--cache-key-name", "redox-ci-1", "--cache-secret-key-file", _secretKey])).ExitCode.Should().Be(0);
        _publicKey = CacheSigningKey.Load(_secretKey).PublicKey.ToString();
    }

    public async Task DisposeAsync()
    {
        await _remote.DisposeAsync();
        foreach (var job in _jobs) job.Dispose();
        Directory.Delete(_shared, recursive: true);
    }

    private CookFixture Job()
    {
        var job = new CookFixture();
        _jobs.Add(job);
        // a0, a1 | b0 <- a0, a1; b1 <- a1 | c0 <- b0, b1. No sources: equal recipes give equal keys in every root.
        void Recipe(string name, params string[] deps) => job.Recipe(name,
            $"[build]\ntemplate = \"custom\"\ndependencies = [{string.Join(", ", deps.Select(d => $"\"{d}\""))}]\n" +
            $"script = \"mkdir -p $COOKBOOK_STAGE/usr/share && echo {name} > $COOKBOOK_STAGE/usr/share/{name} && (ls $COOKBOOK_SYSROOT/usr/share 2>/dev/null || true) >> $COOKBOOK_STAGE/usr/share/{name}\"\n");
        Recipe("a0");
        Recipe("a1");
        Recipe("b0", "a0", "a1");
        Recipe("b1", "a1");
        Recipe("c0", "b0", "b1");
        return job;
    }

    private string[] Remote(params string[] extra) =>
        ["--recipe", "c0", "--cache-url", _remote.Root + "redox", "--cache-secret-key-file", _secretKey, "--cache-trusted-keys", _publicKey, .. extra];

    private static Dictionary<string, bool> Built(CookFixture job) =>
        job.Results().ToDictionary(r => r.GetProperty("name").GetString()!, r => !r.GetProperty("cached").GetBoolean() && r.GetProperty("stage_dir").ValueKind != System.Text.Json.JsonValueKind.Null);

    [Fact]
    public async Task Two_shards_and_the_cache_equal_one_full_cook()
    {
        var first = Job();
        var second = Job();

        var results = await Task.WhenAll(
            first.CookAsync(Remote("--shard", "1/2", "--shard-timeout", "120")),
            second.CookAsync(Remote("--shard", "2/2", "--shard-timeout", "120")));

        results[0].ExitCode.Should().Be(0, results[0].Out);
        results[1].ExitCode.Should().Be(0, results[1].Out);
        Built(first).Where(b => b.Value).Select(b => b.Key).Should().BeEquivalentTo("a0", "b0", "c0");
        Built(second).Where(b => b.Value).Select(b => b.Key).Should().BeEquivalentTo("a1", "b1");
        results[0].Out.Should().Contain("b1: taken from the cache after another shard built it");

        var third = Job();
        var fromCache = await third.CookAsync(Remote());
        fromCache.ExitCode.Should().Be(0, fromCache.Out);
        fromCache.Out.Should().Contain("5 of 5 recipes are up to date; 0 to cook");

        var alone = Job();
        (await alone.CookAsync("--recipe", "c0", "--no-cache")).ExitCode.Should().Be(0);
        foreach (var name in new[] { "a0", "a1", "b0", "b1", "c0" })
        {
            third.Result(name).GetProperty("key").GetString().Should().Be(alone.Result(name).GetProperty("key").GetString());
            File.ReadAllText(Path.Combine(third.Stage(name), "usr", "share", name)).Should().Be(File.ReadAllText(Path.Combine(alone.Stage(name), "usr", "share", name)));
        }
    }

    [Fact]
    public async Task A_shard_without_a_remote_cache_is_refused()
    {
        var job = Job();

        var result = await job.CookAsync("--recipe", "c0", "--shard", "1/2");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("--shard 1/2 shares outputs between CI jobs through a remote binary cache: give --cache-url (and drop --no-cache).");
    }
}
