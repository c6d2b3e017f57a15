using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using RedoxBuild.Docker;
using static RedoxBuild.Tests.Docker.StandInDockerApi;
using static RedoxBuild.Tests.Docker.StandInDockerApi.Response;

namespace RedoxBuild.Tests.Docker;

/// <summary>The Engine API client against the stand-in server: exact requests, answers, streams and version negotiation.</summary>
public sealed class DockerClientSpecs : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rdx-docker-api-").FullName;
    private StandInDockerApi _api = null!;
    private DockerClient _client = null!;

    public Task InitializeAsync()
    {
        _api = new StandInDockerApi(Path.Combine(_directory, "docker.sock"));
        _client = new DockerClientConfiguration(_api.Endpoint).CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Frames as dockerd writes them: stream byte, three zeros, big-endian length, payload.</summary>
    internal static byte[] Frames(params (int Stream, string Text)[] frames) => frames.SelectMany(f =>
    {
        var payload = Encoding.UTF8.GetBytes(f.Text);
        return new byte[] { (byte)f.Stream, 0, 0, 0, (byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length }.Concat(payload);
    }).ToArray();

    [Fact]
    public async Task Ping_and_version_are_unversioned_requests_to_the_daemon()
    {
        await _client.System.PingAsync();
        var version = await _client.System.GetVersionAsync();

        _api.Requests.Select(r => $"{r.Method} {r.Target}").Should().Equal("GET /_ping", "GET /version");
        version.APIVersion.Should().Be("1.41");
        version.MinAPIVersion.Should().Be("1.12");
        version.Components!.Single().Name.Should().Be("Engine");
    }

    [Fact]
    public async Task The_API_version_is_negotiated_once_as_the_lower_of_the_daemons_and_ours()
    {
        _api.On("GET", "/v1.41/images/json?all=1", Json(200, """[{"Id":"sha256:aa","RepoTags":["redox-build/builder:latest"],"Size":42}]"""));

        var images = await _client.Images.ListImagesAsync(new ImagesListParameters { All = true });
        await _client.Images.ListImagesAsync(new ImagesListParameters { All = true });

        images.Single().ID.Should().Be("sha256:aa");
        images.Single().Size.Should().Be(42);
        images.Single().RepoTags.Should().Equal("redox-build/builder:latest");
        _api.Requests.Select(r => r.Target).Should().Equal("/version", "/v1.41/images/json?all=1", "/v1.41/images/json?all=1");
        (await _client.GetApiVersionAsync()).Should().Be(new Version(1, 41));
    }

    [Fact]
    public async Task A_newer_daemon_is_spoken_to_in_our_newest_version_and_a_requested_version_skips_negotiation()
    {
        await using var newer = new StandInDockerApi(Path.Combine(_directory, "newer.sock"), apiVersion: "1.50");
        using var negotiated = new DockerClientConfiguration(newer.Endpoint).CreateClient();
        using var pinned = new DockerClientConfiguration(newer.Endpoint).CreateClient(new Version(1, 40));

        (await negotiated.GetApiVersionAsync()).Should().Be(DockerClient.MaxApiVersion);
        await pinned.System.PingAsync();
        (await pinned.GetApiVersionAsync()).Should().Be(new Version(1, 40));
        newer.Requests.Select(r => r.Target).Should().Equal("/version", "/_ping");
    }

    [Fact]
    public async Task A_daemon_older_than_API_1_35_is_refused_with_the_versions_named()
    {
        await using var old = new StandInDockerApi(Path.Combine(_directory, "old.sock"), apiVersion: "1.30");
        using var client = new DockerClientConfiguration(old.Endpoint).CreateClient();

        var act = () => client.Images.InspectImageAsync("x");

        (await act.Should().ThrowAsync<NotSupportedException>()).Which.Message.Should()
            .Contain("speaks Engine API 1.30 at most; this build needs 1.35 (Docker 17.12 or Podman 3) or newer");
    }

    [Fact]
    public async Task Create_container_posts_the_config_in_the_APIs_spelling_with_the_name_in_the_query()
    {
        _api.On("POST", "/v1.41/containers/create?name=redox-build-1", Json(201, """{"Id":"c0ffee","Warnings":["cgroup blkio weight is not supported"]}"""));

        var created = await _client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = "redox-build-1",
            Image = "redox-build/builder:latest",
            Cmd = ["sleep", "infinity"],
            Env = ["A=1"],
            User = "1000:1000",
            WorkingDir = "/src",
            HostConfig = new HostConfig { Binds = ["/src:/src", "/cache:/cache:ro"], NetworkMode = "host" },
        });

        created.ID.Should().Be("c0ffee");
        created.Warnings.Should().Equal("cgroup blkio weight is not supported");
        var request = _api.ApiRequests.Single();
        request.Headers["content-type"].Should().Be("application/json");
        JsonDocument.Parse(request.Text).RootElement.GetRawText().Should().Be(
            """{"Image":"redox-build/builder:latest","Cmd":["sleep","infinity"],"Env":["A=1"],"WorkingDir":"/src","User":"1000:1000","Tty":false,"AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"OpenStdin":false,"HostConfig":{"Binds":["/src:/src","/cache:/cache:ro"],"NetworkMode":"host","AutoRemove":false}}""");
    }

    [Fact]
    public async Task Start_says_whether_it_started_wait_returns_the_status_and_remove_forces()
    {
        _api.On("POST", "/v1.41/containers/c1/start", Empty(204)).On("POST", "/v1.41/containers/c2/start", Empty(304))
            .On("POST", "/v1.41/containers/c1/wait", Json(200, """{"Error":null,"StatusCode":3}"""))
            .On("DELETE", "/v1.41/containers/c1?force=1", Empty(204));

        (await _client.Containers.StartContainerAsync("c1", new ContainerStartParameters())).Should().BeTrue();
        (await _client.Containers.StartContainerAsync("c2", new ContainerStartParameters())).Should().BeFalse("304 means it was already running");
        (await _client.Containers.WaitContainerAsync("c1")).StatusCode.Should().Be(3);
        await _client.Containers.RemoveContainerAsync("c1", new ContainerRemoveParameters { Force = true });

        _api.ApiRequests.Select(r => $"{r.Method} {r.Target}").Should().Equal(
            "POST /v1.41/containers/c1/start", "POST /v1.41/containers/c2/start", "POST /v1.41/containers/c1/wait", "DELETE /v1.41/containers/c1?force=1");
    }

    [Fact]
    public async Task Logs_arrive_as_a_multiplexed_stream_split_into_stdout_and_stderr()
    {
        var body = Frames((1, "compiling hello.c\n"), (2, "warning: unused ünïcode\n"), (1, "done\n"));
        _api.On("GET", "/v1.41/containers/c1/logs?stdout=1&stderr=1&follow=1", Streamed(body, "application/vnd.docker.raw-stream", Framing.Chunked));

        using var logs = await _client.Containers.GetContainerLogsAsync("c1", tty: false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = true });
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);

        stdout.Should().Be("compiling hello.c\ndone\n");
        stderr.Should().Be("warning: unused ünïcode\n");
    }

    [Fact]
    public async Task An_exec_is_created_started_attached_until_the_connection_closes_and_inspected_for_its_exit_code()
    {
        _api.On("POST", "/v1.41/containers/c1/exec", Json(201, """{"Id":"e1"}"""))
            .On("POST", "/v1.41/exec/e1/start", Streamed(Frames((1, "+ make\n"), (2, "make: *** [all] Error 2\n")), "application/vnd.docker.raw-stream", Framing.Hijacked))
            .On("GET", "/v1.41/exec/e1/json", Json(200, """{"ID":"e1","Running":false,"ExitCode":2,"Pid":4242,"ContainerID":"c1"}"""));

        var exec = await _client.Exec.ExecCreateContainerAsync("c1", new ContainerExecCreateParameters
        {
            Cmd = ["bash", "-e", "-x", "/w/build-script.sh"], Env = ["TARGET=x86_64-unknown-redox"], WorkingDir = "/w/build", User = "1000:1000", AttachStdout = true, AttachStderr = true,
        });
        using var output = await _client.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: false);
        var (stdout, stderr) = await output.ReadOutputToEndAsync(CancellationToken.None);
        var state = await _client.Exec.InspectContainerExecAsync(exec.ID);

        (stdout, stderr).Should().Be(("+ make\n", "make: *** [all] Error 2\n"));
        state.Should().Be(new ContainerExecInspectResponse { ID = "e1", Running = false, ExitCode = 2, Pid = 4242, ContainerID = "c1" });
        var requests = _api.ApiRequests;
        JsonDocument.Parse(requests[0].Text).RootElement.GetRawText().Should().Be(
            """{"Cmd":["bash","-e","-x","/w/build-script.sh"],"Env":["TARGET=x86_64-unknown-redox"],"WorkingDir":"/w/build","User":"1000:1000","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,"Tty":false,"Privileged":false}""");
        requests[1].Text.Should().Be("""{"Detach":false,"Tty":false}""");
    }

    [Fact]
    public async Task A_pull_reports_each_progress_line_in_order_and_sends_the_credentials_base64url_encoded()
    {
        _api.On("POST", "/v1.41/images/create?fromImage=registry.example%2Fredox%2Fbuilder&tag=2026", Json(200,
            "{\"status\":\"Pulling from redox/builder\",\"id\":\"2026\"}\r\n{\"status\":\"Downloading\",\"progressDetail\":{\"current\":512,\"total\":1024},\"progress\":\"[=====>     ]\",\"id\":\"a1\"}\r\n{\"status\":\"Status: Downloaded newer image for registry.example/redox/builder:2026\"}\r\n",
            Framing.Chunked));
        var seen = new List<JSONMessage>();

        await _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "registry.example/redox/builder", Tag = "2026" },
            new AuthConfig { Username = "me", Password = "s3cr?t>" }, new SyncProgress<JSONMessage>(seen.Add));

        seen.Select(m => m.Status).Should().Equal("Pulling from redox/builder", "Downloading", "Status: Downloaded newer image for registry.example/redox/builder:2026");
        seen[1].Progress.Should().Be(new JSONProgress { Current = 512, Total = 1024 });
        var auth = _api.ApiRequests.Single().Headers["x-registry-auth"];
        auth.Should().NotContainAny("+", "/");
        var decoded = JsonDocument.Parse(Convert.FromBase64String(auth.Replace('-', '+').Replace('_', '/'))).RootElement;
        (decoded.GetProperty("username").GetString(), decoded.GetProperty("password").GetString()).Should().Be(("me", "s3cr?t>"));
        decoded.EnumerateObject().Select(p => p.Name).Should().Equal("username", "password");
    }

    [Fact]
    public async Task An_error_line_in_a_200_progress_stream_fails_the_pull_with_the_daemons_message()
    {
        _api.On("POST", "/v1.41/images/create?fromImage=redox%2Fmissing&tag=latest", Json(200,
            "{\"status\":\"Pulling from redox/missing\"}\n{\"errorDetail\":{\"message\":\"manifest for redox/missing:latest not found\"},\"error\":\"manifest for redox/missing:latest not found\"}\n",
            Framing.Chunked));

        var act = () => _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "redox/missing", Tag = "latest" }, null, null);

        (await act.Should().ThrowAsync<DockerStreamException>()).Which.Message.Should().Be("Pulling redox/missing:latest failed: manifest for redox/missing:latest not found");
    }

    [Fact]
    public async Task A_build_sends_the_tar_context_with_tag_dockerfile_and_build_args_and_streams_its_output()
    {
        _api.On("POST", "/v1.41/build?t=redox-build%2Fbuilder%3Alatest&dockerfile=Containerfile&buildargs=%7B%22BASE%22%3A%22local%2Fdebian%22%7D&rm=1&forcerm=1",
            Json(200, "{\"stream\":\"Step 1/2 : ARG BASE=debian:bookworm\\n\"}\r\n{\"stream\":\"Successfully tagged redox-build/builder:latest\\n\"}\r\n", Framing.Chunked));
        var file = Path.Combine(_directory, "Containerfile");
        File.WriteAllText(file, "ARG BASE=debian:bookworm\nFROM ${BASE}\n");
        var output = new List<string?>();

        using var context = BuildContext.FromFiles([(file, "Containerfile")]);
        await _client.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters
        {
            Tags = ["redox-build/builder:latest"], Dockerfile = "Containerfile", BuildArgs = new Dictionary<string, string> { ["BASE"] = "local/debian" }, Remove = true, ForceRemove = true,
        }, context, new SyncProgress<JSONMessage>(m => output.Add(m.Stream)));

        output.Should().Equal("Step 1/2 : ARG BASE=debian:bookworm\n", "Successfully tagged redox-build/builder:latest\n");
        var request = _api.ApiRequests.Single();
        request.Headers["content-type"].Should().Be("application/x-tar");
        using var tar = new TarReader(new MemoryStream(request.Body));
        var entry = tar.GetNextEntry()!;
        entry.Name.Should().Be("Containerfile");
        new StreamReader(entry.DataStream!).ReadToEnd().Should().Be("ARG BASE=debian:bookworm\nFROM ${BASE}\n");
        tar.GetNextEntry().Should().BeNull();
    }

    [Fact]
    public async Task An_import_posts_the_root_filesystem_tarball_with_repository_tag_and_changes()
    {
        _api.On("POST", "/v1.41/images/create?fromSrc=-&repo=redox-test%2Fbusybox&tag=1&changes=ENV%20PATH%3D%2Fbin", Json(200, "{\"status\":\"sha256:5e1f\"}\n"));
        var rootfs = new byte[] { 1, 2, 3, 4, 5 };

        await _client.Images.ImportImageAsync(new ImagesImportParameters { RepositoryName = "redox-test/busybox", Tag = "1", Changes = ["ENV PATH=/bin"] }, new MemoryStream(rootfs), null);

        _api.ApiRequests.Single().Body.Should().Equal(rootfs);
    }

    [Fact]
    public async Task Events_in_a_window_are_reported_one_by_one()
    {
        _api.On("GET", "/v1.41/events?since=100&until=200&filters=%7B%22type%22%3A%7B%22container%22%3Atrue%7D%7D", Json(200,
            "{\"Type\":\"container\",\"Action\":\"create\",\"Actor\":{\"ID\":\"c1\",\"Attributes\":{\"name\":\"redox-build-1\"}},\"time\":150,\"timeNano\":150000000001}\n" +
            "{\"Type\":\"container\",\"Action\":\"destroy\",\"Actor\":{\"ID\":\"c1\",\"Attributes\":{\"name\":\"redox-build-1\"}},\"time\":190,\"timeNano\":190000000001}\n", Framing.Chunked));
        var events = new List<Message>();

        await _client.System.MonitorEventsAsync(new ContainerEventsParameters
        {
            Since = "100", Until = "200", Filters = new Dictionary<string, IDictionary<string, bool>> { ["type"] = new Dictionary<string, bool> { ["container"] = true } },
        }, new SyncProgress<Message>(events.Add));

        events.Select(e => (e.Action, e.Actor!.ID, e.Time)).Should().Equal(("create", "c1", 150L), ("destroy", "c1", 190L));
        events[0].Actor!.Attributes!["name"].Should().Be("redox-build-1");
    }

    /// <summary>Reports on the calling thread, so the order is the stream's.</summary>
    internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
