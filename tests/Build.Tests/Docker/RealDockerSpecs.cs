using System.Net;
using RedoxBuild.Docker;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Docker;

/// <summary>The client against a real dockerd (20.10, Engine API 1.41) of the tests' own.</summary>
[Collection(PrivateDockerCollection.Name)]
public sealed class RealDockerSpecs(PrivateDockerDaemon daemon) : IDisposable
{
    private readonly DockerClient _client = daemon.CreateClient();
    private readonly List<string> _containers = [];

    public void Dispose()
    {
        foreach (var id in _containers)
            _client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }).ContinueWith(_ => { }).Wait();
        _client.Dispose();
    }

    private async Task<string> CreateAsync(CreateContainerParameters parameters)
    {
        var created = await _client.Containers.CreateContainerAsync(parameters);
        _containers.Add(created.ID);
        return created.ID;
    }

    [RequiresToolsFact("dockerd", "busybox")]
    public async Task The_client_negotiates_API_1_41_with_Docker_20_10_and_sees_the_imported_image()
    {
        var version = await _client.System.GetVersionAsync();
        var images = await _client.Images.ListImagesAsync(new ImagesListParameters());
        var image = await _client.Images.InspectImageAsync(PrivateDockerDaemon.BaseImage);

        (await _client.GetApiVersionAsync()).Should().Be(Version.Parse(version.APIVersion!) < DockerClient.MaxApiVersion ? Version.Parse(version.APIVersion!) : DockerClient.MaxApiVersion);
        images.Should().Contain(i => i.RepoTags!.Contains(PrivateDockerDaemon.BaseImage));
        image.ID.Should().StartWith("sha256:");
        image.Config!.Env.Should().Equal("PATH=/bin");
    }

    [RequiresToolsFact("dockerd", "busybox")]
    public async Task A_one_shot_container_runs_its_logs_separate_stdout_from_stderr_and_wait_returns_its_exit_code()
    {
        var id = await CreateAsync(new CreateContainerParameters
        {
            Image = PrivateDockerDaemon.BaseImage,
            Cmd = ["sh", "-c", "echo to stdout; echo to stderr >&2; exit 3"],
            HostConfig = new HostConfig { NetworkMode = "none" },
        });

        (await _client.Containers.StartContainerAsync(id, new ContainerStartParameters())).Should().BeTrue();
        var exit = await _client.Containers.WaitContainerAsync(id);
        using var logs = await _client.Containers.GetContainerLogsAsync(id, tty: false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = true });
        var output = await logs.ReadOutputToEndAsync(CancellationToken.None);
        await _client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });

        exit.StatusCode.Should().Be(3);
        output.Should().Be(("to stdout\n", "to stderr\n"));
        (await _client.Containers.ListContainersAsync(new ContainersListParameters { All = true })).Should().NotContain(c => c.ID == id);
    }

    [RequiresToolsFact("dockerd", "busybox")]
    public async Task Execs_in_a_long_lived_container_get_their_user_directory_and_environment_and_report_exit_codes()
    {
        var id = await CreateAsync(new CreateContainerParameters { Image = PrivateDockerDaemon.BaseImage, Cmd = ["sleep", "infinity"], HostConfig = new HostConfig { NetworkMode = "none" } });
        await _client.Containers.StartContainerAsync(id, new ContainerStartParameters());

        async Task<(string Out, string Err, long Code)> Exec(params string[] command)
        {
            var exec = await _client.Exec.ExecCreateContainerAsync(id, new ContainerExecCreateParameters
            {
                Cmd = command, Env = ["GREETING=hello from exec"], WorkingDir = "/tmp", User = "4242:4343", AttachStdout = true, AttachStderr = true,
            });
            using var stream = await _client.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: false);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(CancellationToken.None);
            var state = await _client.Exec.InspectContainerExecAsync(exec.ID);
            for (var i = 0; state.Running && i < 50; i++) state = await _client.Exec.InspectContainerExecAsync(exec.ID);
            return (stdout, stderr, state.ExitCode);
        }

        var first = await Exec("bash", "-c", "echo \"$GREETING\"; pwd; id -u; id -g; echo oops >&2; touch /tmp/made-by-first-exec");
        var second = await Exec("bash", "-c", "ls /tmp; exit 7");

        first.Should().Be(("hello from exec\n/tmp\n4242\n4343\n", "oops\n", 0L));
        second.Should().Be(("made-by-first-exec\n", "", 7L), "both execs ran in the same container");
    }

    [RequiresToolsFact("dockerd", "busybox")]
    public async Task A_Dockerfile_build_streams_its_steps_and_tags_the_image_and_a_failing_step_throws_with_the_daemons_message()
    {
        var context = Directory.CreateTempSubdirectory("rdx-build-context-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(context, "Dockerfile"), $"ARG BASE={PrivateDockerDaemon.BaseImage}\nFROM ${{BASE}}\nRUN echo built > /built\nCMD [\"cat\", \"/built\"]\n");
            File.WriteAllText(Path.Combine(context, "Broken"), $"FROM {PrivateDockerDaemon.BaseImage}\nRUN echo about to fail; exit 5\n");
            var lines = new List<string>();

            using (var tar = BuildContext.FromDirectory(context))
                await _client.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters { Tags = ["redox-test/built:1"], Dockerfile = "Dockerfile", Remove = true },
                    tar, new DockerClientSpecs.SyncProgress<JSONMessage>(m => lines.Add(m.Stream ?? "")));
            using var broken = BuildContext.FromDirectory(context);
            var failing = () => _client.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters { Tags = ["redox-test/broken:1"], Dockerfile = "Broken", ForceRemove = true }, broken, null);

            string.Concat(lines).Should().Contain("Step 1/4 : ARG BASE=redox-test/busybox:1").And.Contain("Step 3/4 : RUN echo built > /built")
                .And.Contain("Successfully tagged redox-test/built:1");
            (await _client.Images.InspectImageAsync("redox-test/built:1")).Config!.Cmd.Should().Equal("cat", "/built");
            (await failing.Should().ThrowAsync<DockerStreamException>()).Which.Message.Should()
                .Be("Building redox-test/broken:1 failed: The command '/bin/sh -c echo about to fail; exit 5' returned a non-zero code: 5");
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    [RequiresToolsFact("dockerd", "busybox")]
    public async Task The_daemons_own_errors_map_to_image_and_container_not_found_and_a_409_for_an_exec_in_a_stopped_container()
    {
        var stopped = await CreateAsync(new CreateContainerParameters { Image = PrivateDockerDaemon.BaseImage, Cmd = ["true"] });

        var missingImage = () => _client.Images.InspectImageAsync("redox-test/nothing:here");
        var createFromMissing = () => _client.Containers.CreateContainerAsync(new CreateContainerParameters { Image = "redox-test/nothing:here" });
        var missingContainer = () => _client.Containers.RemoveContainerAsync("no-such-container", new ContainerRemoveParameters { Force = true });
        var execInStopped = () => _client.Exec.ExecCreateContainerAsync(stopped, new ContainerExecCreateParameters { Cmd = ["true"] });

        (await missingImage.Should().ThrowAsync<DockerImageNotFoundException>()).Which.Message.Should()
            .StartWith("Docker refused GET /images/redox-test/nothing:here/json with 404 Not Found: ").And.EndWith("No such image: redox-test/nothing:here");
        await createFromMissing.Should().ThrowAsync<DockerImageNotFoundException>();
        (await missingContainer.Should().ThrowAsync<DockerContainerNotFoundException>()).Which.Message.Should().Contain("No such container: no-such-container");
        var conflict = (await execInStopped.Should().ThrowAsync<DockerApiException>()).Which;
        conflict.StatusCode.Should().Be(HttpStatusCode.Conflict);
        conflict.Message.Should().Contain($"Container {stopped} is not running");
    }
}
