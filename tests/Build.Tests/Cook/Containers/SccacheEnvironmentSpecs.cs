using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RedoxBuild.Cook.Scripting;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.Containers;

/// <summary>What --sccache puts into a recipe's environment, and a cross meson build through the wrapped compiler.</summary>
public sealed class SccacheEnvironmentSpecs : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("rdx-sccache-env-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private CookPaths Paths(string work) => new(_temp, Path.Combine(_temp, "recipe"), Path.Combine(_temp, "source"), Path.Combine(work, "build"),
        Path.Combine(work, "stage"), Path.Combine(work, "sysroot"), Path.Combine(work, "toolchain"), Path.Combine(work, "cook.log"));

    private IReadOnlyDictionary<string, string?> Environment(SccacheSettings? sccache) =>
        CookEnvironment.For("hello", Paths(Path.Combine(_temp, "work")), new CookSettings(TargetPlatform.Redox, 2, false, Sccache: sccache), "/usr/bin:/bin");

    [Fact]
    public void The_local_backend_wraps_rustc_and_the_C_compilers_and_unsets_the_other_backends()
    {
        var settings = SccacheSettings.Choose(null, null, null, "/cache/sccache",
            new Dictionary<string, string> { ["SCCACHE_SERVER_PORT"] = "4321", ["SCCACHE_BUCKET"] = "stray-from-the-shell", ["HOME"] = "/root" });

        var env = Environment(settings);

        env["RUSTC_WRAPPER"].Should().Be("sccache");
        env["CC_WRAPPER"].Should().Be("sccache");
        env["CC"].Should().Be("sccache x86_64-unknown-redox-gcc");
        env["CXX"].Should().Be("sccache x86_64-unknown-redox-g++");
        env["CC_x86_64_unknown_redox"].Should().Be("sccache x86_64-unknown-redox-gcc");
        env["CXX_x86_64_unknown_redox"].Should().Be("sccache x86_64-unknown-redox-g++");
        env["AR"].Should().Be("x86_64-unknown-redox-gcc-ar", "only compilers are wrapped");
        env["SCCACHE_DIR"].Should().Be("/cache/sccache");
        env["SCCACHE_SERVER_PORT"].Should().Be("4321");
        env.Should().Contain(new KeyValuePair<string, string?>("SCCACHE_BUCKET", null)).And.Contain(new KeyValuePair<string, string?>("SCCACHE_REDIS", null));
        env.Should().NotContainKey("HOME");
        settings.Backend.ToString().Should().Be("local directory /cache/sccache");
    }

    [Fact]
    public void A_bucket_selects_S3_with_its_endpoint_and_Redis_wins_over_a_bucket()
    {
        var s3 = Environment(SccacheSettings.Choose(null, "redox-objects", "minio.local:9000", "/unused", new Dictionary<string, string>()));
        var redis = SccacheSettings.Choose("redis://:pw@cache.local:6379/2", "redox-objects", null, "/unused", new Dictionary<string, string>());

        (s3["SCCACHE_BUCKET"], s3["SCCACHE_ENDPOINT"], s3["SCCACHE_DIR"]).Should().Be(("redox-objects", "minio.local:9000", (string?)null));
        Environment(redis)["SCCACHE_REDIS"].Should().Be("redis://:pw@cache.local:6379/2");
        Environment(redis)["SCCACHE_BUCKET"].Should().BeNull();
        redis.Backend.ToString().Should().Be("Redis", "the URL may carry a password, so it is not shown");
    }

    [Fact]
    public void Without_sccache_nothing_is_wrapped()
    {
        var env = Environment(null);

        env["CC"].Should().Be("x86_64-unknown-redox-gcc");
        env.Should().NotContainKey("RUSTC_WRAPPER").And.NotContainKey("SCCACHE_DIR");
    }

    [RequiresToolsFact("sccache", "meson", "ninja", "x86_64-linux-gnu-gcc")]
    public async Task A_cross_meson_build_gets_the_wrapped_compiler_as_an_array_in_its_cross_file_and_compiles_through_sccache()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        listener.Stop();
        var settings = SccacheSettings.Choose(null, null, null, Path.Combine(_temp, "sccache"), new Dictionary<string, string> { ["SCCACHE_SERVER_PORT"] = port });
        var paths = Paths(Path.Combine(_temp, "work"));
        EndToEnd.CookFixture.CopyFixture("meson-hello", paths.Source);
        var session = new TestSession(_temp);
        try
        {
            // Pretending the build machine is something else makes the helper write its cross file for the (host) target.
            await new ScriptRunner(session.Processes, Path.Combine(_temp, "helpers"), session.Session.Logger).RunAsync("hello-meson", paths,
                new CookSettings(TargetPlatform.Host, 2, true, Sccache: settings), "COOKBOOK_HOST_TARGET=pretend-build-machine\ncookbook_meson",
                System.Environment.GetEnvironmentVariable("PATH")!);

            File.ReadAllText(Path.Combine(paths.Build, "cross_file.txt")).Should()
                .Contain("c = ['sccache', 'x86_64-linux-gnu-gcc']").And.Contain("cpp = ['sccache', 'x86_64-linux-gnu-g++']");
            GitRepo.RunTool(_temp, Path.Combine(paths.Stage, "usr", "bin", "hello-meson")).Trim().Should().Be("hello from meson");
            Stats(port).Should().MatchRegex(@"Cache misses \(C/C\+\+\)\s+[1-9]");
        }
        finally
        {
            Sccache(port, "--stop-server");
        }
    }

    private static string Stats(string port) => Sccache(port, "--show-stats");

    private static string Sccache(string port, string argument)
    {
        var start = new ProcessStartInfo("sccache", [argument]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SCCACHE_SERVER_PORT"] = port;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
