using RedoxBuild.Cook.Scripting;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook;

/// <summary>Which variables a recipe script's environment withholds, and the one deliberate exception (sccache's S3 keys).</summary>
public sealed class WithheldEnvironmentSpecs : IDisposable
{
    private static readonly HashSet<string> Secrets = ["GITHUB_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "SCCACHE_REDIS"];
    private readonly string _root = BuildHarness.CreateTemporaryRoot();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static IReadOnlyDictionary<string, string?> Environment(SccacheSettings? sccache) =>
        CookEnvironment.For("hello", new CookPaths("/r", "/r/recipe", "/r/source", "/w/build", "/w/stage", "/w/sysroot", "/w/toolchain", "/w/cook.log"),
            new CookSettings(TargetPlatform.Redox, 2, false, Sccache: sccache, Withheld: Secrets), "/usr/bin:/bin");

    [Fact]
    public void Without_sccache_every_withheld_variable_is_unset()
    {
        var env = Environment(null);

        foreach (var name in Secrets) env.Should().Contain(new KeyValuePair<string, string?>(name, null));
    }

    [Fact]
    public void The_S3_sccache_backend_keeps_the_AWS_keys_it_reads_and_nothing_else()
    {
        var env = Environment(SccacheSettings.Choose(null, "objects", null, "/unused", new Dictionary<string, string>()));

        env.Should().NotContainKey("AWS_ACCESS_KEY_ID", "inherited, because sccache's server reads it").And.NotContainKey("AWS_SECRET_ACCESS_KEY");
        env["GITHUB_TOKEN"].Should().BeNull();
        env["SCCACHE_REDIS"].Should().BeNull();
    }

    [Fact]
    public void The_Redis_sccache_backend_gets_its_URL_and_no_AWS_keys()
    {
        var env = Environment(SccacheSettings.Choose("redis://:pw@cache:6379", null, null, "/unused", new Dictionary<string, string>()));

        env["SCCACHE_REDIS"].Should().Be("redis://:pw@cache:6379");
        env["AWS_ACCESS_KEY_ID"].Should().BeNull();
        env["GITHUB_TOKEN"].Should().BeNull();
    }

    [Fact]
    public async Task The_build_withholds_every_secret_parameters_names_and_aliases_and_loose_spellings_found_in_the_environment()
    {
        var result = await BuildHarness.RunAsync(_root, ["--help"], new Dictionary<string, string> { ["nuke_gitlab_token"] = "x", ["Cache_Token"] = "y" });

        result.Build.SecretEnvironmentNames().Order(StringComparer.Ordinal).Should().Equal(
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "CACHE_S3_ACCESS_KEY", "CACHE_S3_SECRET_KEY", "CACHE_TOKEN", "Cache_Token",
            "GITHUB_TOKEN", "GITLAB_TOKEN", "SCCACHE_REDIS", "nuke_gitlab_token");
    }
}
