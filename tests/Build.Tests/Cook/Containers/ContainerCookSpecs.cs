using System.Text.Json;
using RedoxBuild.Docker;
using RedoxBuild.Tests.Cook.EndToEnd;
using RedoxBuild.Tests.Docker;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.Containers;

/// <summary>
/// ./build.sh Cook --container end to end against the tests' private dockerd: host-target recipes cooked in one
/// builder container (the busybox + bash test image), as a requested user, with the build's own events checked.
/// </summary>
[Collection(PrivateDockerCollection.Name)]
public sealed class ContainerCookSpecs : IDisposable
{
    private readonly PrivateDockerDaemon _daemon;
    private readonly CookFixture _fixture = new();

    public ContainerCookSpecs(PrivateDockerDaemon daemon)
    {
        _daemon = daemon;
        // Temporary folders are private (0700); a checkout is readable by others, as the container's user needs.
        File.SetUnixFileMode(_fixture.Root, (UnixFileMode)Convert.ToInt32("755", 8));
    }

    public void Dispose() => _fixture.Dispose();

    private Task<BuildHarness.Result> RunAsync(params string[] args) =>
        BuildHarness.RunAsync(_fixture.Root, args, Environment());

    // Everything a build would keep under ~/.cache or ~/.config stays in the fixture's folder.
    private Dictionary<string, string> Environment(params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>(_daemon.Environment)
        {
            ["HOME"] = System.Environment.GetEnvironmentVariable("HOME") ?? "/root",
            ["XDG_CACHE_HOME"] = Path.Combine(_fixture.Root, "xdg-cache"), ["XDG_CONFIG_HOME"] = Path.Combine(_fixture.Root, "xdg-config"),
        };
        foreach (var (name, value) in extra) environment[name] = value;
        return environment;
    }

    private Task<BuildHarness.Result> CookInContainerAsync(params string[] extra) => RunAsync(
        ["Cook", "--target-triple", "x86_64-unknown-linux-gnu", "--recipes", _fixture.Recipes, "--source-cache", _fixture.Cache, "--jobs", "2", "--json", _fixture.Json,
            "--cache-dir", _fixture.BinaryCache, "--container", "--builder-image", PrivateDockerDaemon.BaseImage, .. extra]);

    private async Task<IList<ContainerListResponse>> BuilderContainersAsync()
    {
        using var client = _daemon.CreateClient();
        return await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = RootLabel() });
    }

    private Dictionary<string, IDictionary<string, bool>> RootLabel() =>
        new() { ["label"] = new Dictionary<string, bool> { [$"org.redox-os.build.root={_fixture.Root}"] = true } };

    private static string Owner(string path) => GitRepo.RunTool("/", "stat", "-c", "%u:%g", path).Trim();

    [RequiresToolsFact("dockerd", "busybox")]
    public async Task Two_recipes_cook_in_one_builder_container_as_the_requested_user_and_their_outputs_belong_to_that_user()
    {
        _fixture.Recipe("first", """
            [build]
            template = "custom"
            script = '''
            mkdir -p "${COOKBOOK_STAGE}/usr/share/first"
            id -u > "${COOKBOOK_STAGE}/usr/share/first/uid"
            echo "${PATH}" > "${COOKBOOK_STAGE}/usr/share/first/path"
            echo "${HOME}" > "${COOKBOOK_STAGE}/usr/share/first/home"
            touch /tmp/written-by-first
            echo "hello from the builder container"
            '''
            """);
        _fixture.Recipe("second", """
            [build]
            template = "custom"
            dependencies = ["first"]
            script = '''
            test -f /tmp/written-by-first   # the container's own /tmp: only there if first ran in this same container
            mkdir -p "${COOKBOOK_STAGE}/usr/bin"
            printf '#!/bin/sh\necho built by uid %s\n' "$(cat "${COOKBOOK_SYSROOT}/usr/share/first/uid")" > "${COOKBOOK_STAGE}/usr/bin/second"
            chmod +x "${COOKBOOK_STAGE}/usr/bin/second"
            '''
            """);
        var since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;

        var result = await CookInContainerAsync("--recipe", "second", "--container-user", "4242:4343");

        result.ExitCode.Should().Be(0, result.Out);
        var until = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1;
        var first = Path.Combine(_fixture.Stage("first"), "usr", "share", "first");
        var second = Path.Combine(_fixture.Stage("second"), "usr", "bin", "second");
        CookFixture.Run(second).Should().Be("built by uid 4242");
        File.ReadAllText(Path.Combine(first, "uid")).Should().Be("4242\n");
        Owner(second).Should().Be("4242:4343");
        Owner(Path.Combine(first, "uid")).Should().Be("4242:4343");
        var toolchain = Path.Combine(_fixture.Root, "build", "work", "x86_64-unknown-linux-gnu", "first", "toolchain");
        File.ReadAllText(Path.Combine(first, "path")).Should().Be($"{toolchain}/usr/bin:{toolchain}/bin:/bin\n", "PATH ends with the image's PATH, not this machine's");
        File.ReadAllText(Path.Combine(first, "home")).Should().Be(Path.Combine(_fixture.Root, "build", "work", "container-home", "4242") + "\n");
        var log = File.ReadAllText(Path.Combine(_fixture.Root, "build", "work", "x86_64-unknown-linux-gnu", "first", "cook.log"));
        log.Should().Contain("> docker exec redox-build-").And.Contain("hello from the builder container").And.Contain("+ id -u");

        using var client = _daemon.CreateClient();
        var events = new List<Message>();
        await client.System.MonitorEventsAsync(new ContainerEventsParameters { Since = $"{since}", Until = $"{until}", Filters = RootLabel() },
            new DockerClientSpecs.SyncProgress<Message>(events.Add));
        events.Count(e => e.Action == "create").Should().Be(1, "one builder container per build");
        events.Count(e => e.Action == "destroy").Should().Be(1, "removed when the cook ends");
        events.Count(e => e.Action?.StartsWith("exec_start:", StringComparison.Ordinal) == true).Should().Be(2, "each recipe's script is one exec");
        (await BuilderContainersAsync()).Should().BeEmpty();
        result.Out.Should().Contain("Builder container redox-build-").And.Contain("running as 4242:4343");
    }

    [RequiresToolsFact("dockerd", "busybox")]
    public async Task Under_sudo_scripts_run_as_the_user_who_ran_sudo_and_the_outputs_are_theirs()
    {
        _fixture.Recipe("mine", "[build]\ntemplate = \"custom\"\nscript = \"mkdir -p $COOKBOOK_STAGE/usr/share && id > $COOKBOOK_STAGE/usr/share/mine\"\n");

        var result = await BuildHarness.RunAsync(_fixture.Root,
            ["Cook", "--target-triple", "x86_64-unknown-linux-gnu", "--recipes", _fixture.Recipes, "--source-cache", _fixture.Cache, "--json", _fixture.Json,
                "--cache-dir", _fixture.BinaryCache, "--recipe", "mine", "--container", "--builder-image", PrivateDockerDaemon.BaseImage],
            Environment(("SUDO_UID", "4545"), ("SUDO_GID", "4646"), ("SUDO_USER", "builder")));

        result.ExitCode.Should().Be(0, result.Out);
        var output = Path.Combine(_fixture.Stage("mine"), "usr", "share", "mine");
        File.ReadAllText(output).Should().StartWith("uid=4545 gid=4646");
        Owner(output).Should().Be("4545:4646");
    }

    [RequiresToolsFact("dockerd", "busybox")]
    public async Task A_container_build_is_keyed_by_the_builder_image_and_a_second_cook_is_all_cache_hits()
    {
        _fixture.Recipe("standalone", "[build]\ntemplate = \"custom\"\nscript = \"mkdir -p $COOKBOOK_STAGE/usr/share && echo one > $COOKBOOK_STAGE/usr/share/standalone\"\n");
        using var client = _daemon.CreateClient();
        var image = await client.Images.InspectImageAsync(PrivateDockerDaemon.BaseImage);

        (await CookInContainerAsync("--recipe", "standalone")).ExitCode.Should().Be(0);
        var key = JsonDocument.Parse(File.ReadAllText(Path.Combine(_fixture.Root, "build", "work", "x86_64-unknown-linux-gnu", "standalone", "key.json")));
        var second = await CookInContainerAsync("--recipe", "standalone");

        key.RootElement.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "toolchain")
            .GetProperty("value").GetString().Should().Be("container:" + image.ID);
        second.ExitCode.Should().Be(0, second.Out);
        second.Out.Should().Contain("1 of 1 recipes are up to date; 0 to cook");
    }

    [RequiresToolsFact("dockerd", "busybox")]
    public async Task A_builder_container_left_by_a_killed_build_of_this_checkout_is_removed_by_the_next_cook()
    {
        using var gone = System.Diagnostics.Process.Start("true")!;
        gone.WaitForExit();
        using var client = _daemon.CreateClient();
        var leftover = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = PrivateDockerDaemon.BaseImage,
            Cmd = ["sleep", "infinity"],
            Labels = new Dictionary<string, string>
            {
                ["org.redox-os.build.root"] = _fixture.Root, ["org.redox-os.build.host"] = System.Environment.MachineName,
                ["org.redox-os.build.pid"] = gone.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });
        await client.Containers.StartContainerAsync(leftover.ID, new ContainerStartParameters());
        _fixture.Recipe("standalone", "[build]\ntemplate = \"custom\"\nscript = \"true\"\n");

        var result = await CookInContainerAsync("--recipe", "standalone");

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain($"left by an earlier build (process {gone.Id} is gone)");
        (await BuilderContainersAsync()).Should().BeEmpty();
    }

    [RequiresToolsFact("dockerd", "busybox")]
    public async Task A_failing_script_in_the_container_reports_its_exit_code_and_log_tail_and_the_container_is_still_removed()
    {
        _fixture.Recipe("broken", "[build]\ntemplate = \"custom\"\nscript = \"echo compiling broken.c; echo 'broken.c:3: error: expected ;' >&2; exit 2\"\n");

        var result = await CookInContainerAsync("--recipe", "broken", "--container-user", "4242:4242");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("broken failed:").And.Contain("exited with code 2").And.Contain("broken.c:3: error: expected ;")
            .And.Contain("Full log: " + Path.Combine(_fixture.Root, "build", "work", "x86_64-unknown-linux-gnu", "broken", "cook.log"));
        (await BuilderContainersAsync()).Should().BeEmpty();
    }

    [RequiresToolsFact("dockerd", "busybox")]
    public async Task A_checkout_the_container_user_cannot_read_fails_with_bashs_error_and_names_the_user()
    {
        File.SetUnixFileMode(_fixture.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _fixture.Recipe("standalone", "[build]\ntemplate = \"custom\"\nscript = \"true\"\n");

        var result = await CookInContainerAsync("--recipe", "standalone", "--container-user", "4242:4242");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("build-script.sh: Permission denied")
            .And.Contain("The builder container runs as 4242:4242: that user must be able to read the checkout and write build/ (choose it with --container-user UID:GID");
    }

    [RequiresToolsFact("dockerd", "busybox")]
    public async Task A_missing_builder_image_says_how_to_build_it()
    {
        _fixture.Recipe("standalone", "[build]\ntemplate = \"custom\"\nscript = \"true\"\n");

        var result = await RunAsync("Cook", "--target-triple", "x86_64-unknown-linux-gnu", "--recipes", _fixture.Recipes, "--source-cache", _fixture.Cache,
            "--cache-dir", _fixture.BinaryCache, "--recipe", "standalone", "--container");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain($"The builder image redox-build/builder:latest is not on the daemon at {_daemon.Endpoint}. Build it first: ./build.sh BuilderImage");
        Directory.Exists(Path.Combine(_fixture.Root, "build", "work", "stages")).Should().BeFalse("nothing is cooked without the container");
    }

    [RequiresToolsFact("dockerd", "busybox")]
    public async Task BuilderImage_builds_tools_Containerfile_on_a_local_base_and_Cook_then_runs_in_the_result()
    {
        Directory.CreateDirectory(Path.Combine(_fixture.Root, "tools"));
        File.WriteAllText(Path.Combine(_fixture.Root, "tools", "Containerfile"), "ARG BASE=debian:bookworm\nFROM ${BASE}\nRUN echo made-by-BuilderImage > /etc/builder-stamp\n");
        _fixture.Recipe("stamped", "[build]\ntemplate = \"custom\"\nscript = \"mkdir -p $COOKBOOK_STAGE/etc && cp /etc/builder-stamp $COOKBOOK_STAGE/etc/\"\n");

        var built = await RunAsync("BuilderImage", "--builder-base", PrivateDockerDaemon.BaseImage, "--builder-image", "redox-test/builder:1");
        var cooked = await RunAsync("Cook", "--target-triple", "x86_64-unknown-linux-gnu", "--recipes", _fixture.Recipes, "--source-cache", _fixture.Cache,
            "--json", _fixture.Json, "--cache-dir", _fixture.BinaryCache, "--recipe", "stamped", "--container", "--builder-image", "redox-test/builder:1");

        built.ExitCode.Should().Be(0, built.Out);
        built.Out.Should().Contain("Built redox-test/builder:1 (sha256:");
        cooked.ExitCode.Should().Be(0, cooked.Out);
        File.ReadAllText(Path.Combine(_fixture.Stage("stamped"), "etc", "builder-stamp")).Should().Be("made-by-BuilderImage\n");
    }

    [RequiresToolsFact("dockerd", "busybox")]
    public async Task BuilderImage_reports_the_failing_step_of_the_real_Containerfile_with_its_output()
    {
        Directory.CreateDirectory(Path.Combine(_fixture.Root, "tools"));
        File.Copy(Path.Combine(RepoPaths.Root, "tools", "Containerfile"), Path.Combine(_fixture.Root, "tools", "Containerfile"));

        // The test base has no apt-get: the real Containerfile's first RUN fails, after FROM took the local base (no pull).
        var result = await RunAsync("BuilderImage", "--builder-base", PrivateDockerDaemon.BaseImage, "--builder-image", "redox-test/not-built:1");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("Building redox-test/not-built:1 failed: The command '/bin/sh -c apt-get update").And.Contain("returned a non-zero code: 127")
            .And.Contain("apt-get: not found");
    }
}
