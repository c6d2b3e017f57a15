using System.Net;
using System.Net.Sockets;
using RedoxBuild.Docker;
using static RedoxBuild.Tests.Docker.StandInDockerApi;
using static RedoxBuild.Tests.Docker.StandInDockerApi.Response;

namespace RedoxBuild.Tests.Docker;

/// <summary>Error answers become typed exceptions with the daemon's words; a missing daemon says what to do.</summary>
public sealed class DockerErrorSpecs : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rdx-docker-err-").FullName;
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

    [Fact]
    public async Task A_404_for_an_image_is_an_image_not_found_exception_with_the_daemons_message()
    {
        _api.On("GET", "/v1.41/images/redox-build/builder:latest/json", Json(404, """{"message":"No such image: redox-build/builder:latest"}"""));

        var act = () => _client.Images.InspectImageAsync("redox-build/builder:latest");

        var error = (await act.Should().ThrowAsync<DockerImageNotFoundException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.NotFound);
        error.ResponseBody.Should().Be("""{"message":"No such image: redox-build/builder:latest"}""");
        error.Message.Should().Be("Docker refused GET /images/redox-build/builder:latest/json with 404 Not Found: No such image: redox-build/builder:latest");
    }

    [Fact]
    public async Task Creating_a_container_from_a_missing_image_is_an_image_not_found_exception()
    {
        _api.On("POST", "/v1.41/containers/create", Json(404, """{"message":"No such image: gone:1"}"""));

        var act = () => _client.Containers.CreateContainerAsync(new CreateContainerParameters { Image = "gone:1" });

        (await act.Should().ThrowAsync<DockerImageNotFoundException>()).Which.Message.Should().EndWith("404 Not Found: No such image: gone:1");
    }

    [Fact]
    public async Task A_404_for_a_container_is_a_container_not_found_exception()
    {
        _api.On("POST", "/v1.41/containers/c9/exec", Json(404, """{"message":"No such container: c9"}"""));

        var act = () => _client.Exec.ExecCreateContainerAsync("c9", new ContainerExecCreateParameters { Cmd = ["true"] });

        (await act.Should().ThrowAsync<DockerContainerNotFoundException>()).Which.Message.Should()
            .Be("Docker refused POST /containers/c9/exec with 404 Not Found: No such container: c9");
    }

    [Fact]
    public async Task A_409_conflict_keeps_its_status_and_message()
    {
        _api.On("DELETE", "/v1.41/containers/c1?force=1", Json(409, """{"message":"removal of container c1 is already in progress"}"""));

        var act = () => _client.Containers.RemoveContainerAsync("c1", new ContainerRemoveParameters { Force = true });

        var error = (await act.Should().ThrowAsync<DockerApiException>()).Which;
        error.Should().NotBeOfType<DockerContainerNotFoundException>();
        error.StatusCode.Should().Be(HttpStatusCode.Conflict);
        error.Message.Should().Be("Docker refused DELETE /containers/c1?force=1 with 409 Conflict: removal of container c1 is already in progress");
    }

    [Fact]
    public async Task No_socket_at_all_explains_where_it_looked_and_how_to_start_a_daemon()
    {
        var (endpoint, candidates) = DockerClientConfiguration.ResolveEndpoint(
            new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = Path.Combine(_directory, "run") }, _ => false);
        endpoint.Should().Be(new Uri("unix:///var/run/docker.sock"));
        using var client = new DockerClientConfiguration(new Uri("unix://" + Path.Combine(_directory, "missing.sock"))).CreateClient();

        var act = () => client.System.PingAsync();

        var message = (await act.Should().ThrowAsync<DockerDaemonUnavailableException>()).Which.Message;
        message.Should().StartWith($"No Docker daemon answers at unix://{_directory}/missing.sock (the socket does not exist).")
            .And.Contain("sudo systemctl start docker").And.Contain("podman system service").And.Contain("DOCKER_HOST=unix:///path/to/docker.sock");
        candidates.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_socket_file_nobody_listens_on_is_explained_as_a_stopped_daemon_and_lists_the_places_it_looked()
    {
        var stale = Path.Combine(_directory, "podman", "podman.sock");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(stale + ".bound"));
            File.Move(stale + ".bound", stale); // .NET unlinks the name it bound; the renamed file stays, like a crashed daemon's
        }
        var (endpoint, candidates) = DockerClientConfiguration.ResolveEndpoint(new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = _directory }, p => p == stale);
        using var client = new DockerClientConfiguration(endpoint, candidates).CreateClient();

        var act = () => client.System.PingAsync();

        endpoint.Should().Be(new Uri($"unix://{stale}"));
        (await act.Should().ThrowAsync<DockerDaemonUnavailableException>()).Which.Message.Should()
            .StartWith($"No Docker daemon answers at unix://{stale} (the socket exists but nothing accepts connections on it: the daemon that made it has stopped).")
            .And.Contain($"Looked at, in order: unix:///var/run/docker.sock, unix:///run/podman/podman.sock, unix://{stale}.");
    }
}

/// <summary>Where the client looks for the daemon, in order.</summary>
public sealed class DockerEndpointSpecs
{
    private static (Uri Endpoint, IReadOnlyList<Uri> Candidates) Resolve(Dictionary<string, string> environment, params string[] existing) =>
        DockerClientConfiguration.ResolveEndpoint(environment, existing.Contains);

    [Fact]
    public void DOCKER_HOST_wins_over_every_socket()
    {
        Resolve(new() { ["DOCKER_HOST"] = "unix:///tmp/private/docker.sock" }, "/var/run/docker.sock").Endpoint.Should().Be(new Uri("unix:///tmp/private/docker.sock"));
        Resolve(new() { ["DOCKER_HOST"] = "tcp://127.0.0.1:2375" }).Endpoint.Should().Be(new Uri("tcp://127.0.0.1:2375"));
    }

    [Fact]
    public void Dockers_socket_comes_before_Podmans_rootful_then_rootless_socket()
    {
        var rootless = new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = "/run/user/1000" };
        Resolve(rootless, "/var/run/docker.sock", "/run/podman/podman.sock").Endpoint.Should().Be(new Uri("unix:///var/run/docker.sock"));
        Resolve(rootless, "/run/podman/podman.sock", "/run/user/1000/podman/podman.sock").Endpoint.Should().Be(new Uri("unix:///run/podman/podman.sock"));
        Resolve(rootless, "/run/user/1000/podman/podman.sock").Endpoint.Should().Be(new Uri("unix:///run/user/1000/podman/podman.sock"));
        Resolve(rootless).Candidates.Select(c => c.ToString()).Should().Equal(
            "unix:///var/run/docker.sock", "unix:///run/podman/podman.sock", "unix:///run/user/1000/podman/podman.sock");
    }

    [Theory]
    [InlineData("ssh://me@builder")]
    [InlineData("npipe:////./pipe/docker_engine")]
    [InlineData("unix://")]
    public void A_DOCKER_HOST_this_client_cannot_use_is_refused_with_the_forms_it_takes(string host)
    {
        var act = () => Resolve(new() { ["DOCKER_HOST"] = host });

        act.Should().Throw<ArgumentException>().WithMessage($"DOCKER_HOST={host} is not an endpoint this build can use: give unix:///path/to/docker.sock or tcp://host:port*");
    }
}
