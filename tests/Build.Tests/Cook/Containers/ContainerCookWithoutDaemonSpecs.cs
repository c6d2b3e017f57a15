using RedoxBuild.Tests.Cook.EndToEnd;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.Containers;

/// <summary>Cook --container where no daemon answers: the error says what to do, and a dry run needs no daemon at all.</summary>
public sealed class ContainerCookWithoutDaemonSpecs : IDisposable
{
    private readonly CookFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private string MissingSocket => Path.Combine(_fixture.Root, "no-daemon.sock");

    private Task<BuildHarness.Result> CookAsync(params string[] extra) => BuildHarness.RunAsync(_fixture.Root,
        ["Cook", "--target-triple", "x86_64-unknown-linux-gnu", "--recipes", _fixture.Recipes, "--source-cache", _fixture.Cache, "--cache-dir", _fixture.BinaryCache,
            "--recipe", "standalone", "--container", .. extra],
        new Dictionary<string, string>
        {
            ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/root", ["DOCKER_HOST"] = "unix://" + MissingSocket, ["SCCACHE_SERVER_PORT"] = "4226",
            ["XDG_CACHE_HOME"] = Path.Combine(_fixture.Root, "xdg-cache"), ["XDG_CONFIG_HOME"] = Path.Combine(_fixture.Root, "xdg-config"),
            ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE", ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG",
        });

    [Fact]
    public async Task Without_a_daemon_the_cook_stops_before_building_and_explains_how_to_get_one()
    {
        _fixture.Recipe("standalone", "[build]\ntemplate = \"custom\"\nscript = \"true\"\n");

        var result = await CookAsync();

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain($"No Docker daemon answers at unix://{MissingSocket} (the socket does not exist).")
            .And.Contain("Start one (sudo systemctl start docker, or dockerd), or Podman's API service")
            .And.Contain("or point DOCKER_HOST at a running daemon");
        result.Out.Should().NotContain("   at ", "a missing daemon is the user's to fix, not a bug: no stack trace")
            .And.NotContain("unexpected");
        Directory.Exists(Path.Combine(_fixture.Root, "build", "work", "stages")).Should().BeFalse();
    }

    [Fact]
    public async Task BuilderImage_as_a_dry_run_says_what_it_would_build_and_contacts_no_daemon()
    {
        var result = await BuildHarness.RunAsync(_fixture.Root, ["BuilderImage", "--dry-run", "--builder-base", "debian-local:12"],
            new Dictionary<string, string> { ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/root", ["DOCKER_HOST"] = "unix://" + MissingSocket });

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain(
            "[dry-run] build redox-build/builder:latest from tools/Containerfile with BASE=debian-local:12 through the Docker Engine API (DOCKER_HOST or the default socket)");
        result.Out.Should().NotContain("No Docker daemon").And.NotContain("   at ");
    }

    [Fact]
    public async Task BuilderImage_without_a_daemon_explains_how_to_get_one_without_a_stack_trace()
    {
        var result = await BuildHarness.RunAsync(_fixture.Root, ["BuilderImage"],
            new Dictionary<string, string> { ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/root", ["DOCKER_HOST"] = "unix://" + MissingSocket });

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain($"Target BuilderImage failed: No Docker daemon answers at unix://{MissingSocket} (the socket does not exist).");
        result.Out.Should().NotContain("   at ").And.NotContain("unexpected");
    }

    [Fact]
    public async Task A_dry_run_prints_the_docker_commands_of_one_container_and_its_exec_and_contacts_no_daemon()
    {
        _fixture.Recipe("standalone", "[build]\ntemplate = \"custom\"\nscript = \"true\"\n");

        var result = await CookAsync("--dry-run", "--container-user", "1000:1000", "--builder-image", "example/builder:2");

        result.ExitCode.Should().Be(0, result.Out);
        var root = _fixture.Root;
        result.Out.Should().MatchRegex($@"\[dry-run\] \(cd {root} && docker create --name redox-build-[0-9a-f]{{8}}-[0-9a-f]{{8}} --label org.redox-os.build.root={root} --user 1000:1000 --network host --workdir {root} --volume {root}:{root} example/builder:2 sleep infinity\)")
            .And.MatchRegex(@"\[dry-run\] \(cd \S+ && docker start redox-build-")
            .And.MatchRegex($@"\[dry-run\] \(cd \S+ && docker exec --user 1000:1000 --workdir {root}/build/work/x86_64-unknown-linux-gnu/standalone/build --env AR=x86_64-linux-gnu-gcc-ar --env ARCH=x86_64 .* --env HOME={root}/build/work/container-home/1000 .* redox-build-\S+ env -u CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS -u COOKBOOK_NOSTRIP -u RUSTFLAGS bash -e -x {root}/build/work/x86_64-unknown-linux-gnu/standalone/build-script.sh\)")
            .And.MatchRegex(@"\[dry-run\] \(cd \S+ && docker rm --force redox-build-");
        result.Out.Split('\n').Count(l => l.Contains("docker create", StringComparison.Ordinal)).Should().Be(1);
        Directory.Exists(Path.Combine(root, "build", "work", "container-home")).Should().BeFalse();
    }

    [Fact]
    public async Task With_sccache_in_the_container_the_wrapper_gets_a_server_port_of_its_own_and_S3_credentials_are_passed_by_name()
    {
        _fixture.Recipe("standalone", "[build]\ntemplate = \"custom\"\nscript = \"true\"\n");

        var local = await CookAsync("--dry-run", "--sccache");
        var s3 = await CookAsync("--dry-run", "--sccache", "--sccache-bucket", "redox-objects");

        local.ExitCode.Should().Be(0, local.Out);
        local.Out.Should().Contain("--env RUSTC_WRAPPER=sccache").And.Contain($"--env SCCACHE_DIR={_fixture.Cache}/sccache")
            .And.Contain("--env 'CC=sccache x86_64-linux-gnu-gcc'").And.MatchRegex(@"--env SCCACHE_SERVER_PORT=\d+ ").And.NotContain("SCCACHE_SERVER_PORT=4226")
            .And.NotContain("AWS_");
        local.Out.Should().MatchRegex($@"--volume {_fixture.Root}:{_fixture.Root} ", "the default cache directory is inside the source cache, inside the checkout here");
        s3.ExitCode.Should().Be(0, s3.Out);
        s3.Out.Should().Contain("--env SCCACHE_BUCKET=redox-objects").And.Contain("--env AWS_ACCESS_KEY_ID --env AWS_SECRET_ACCESS_KEY ")
            .And.NotContain("wJalrXUtnFEMI").And.NotContain("SCCACHE_DIR=");
    }
}
