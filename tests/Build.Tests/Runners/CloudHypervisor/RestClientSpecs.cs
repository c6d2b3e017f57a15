using System.Net;
using System.Net.Sockets;
using RedoxBuild.CloudHypervisor.Api;

namespace RedoxBuild.Tests.Runners.CloudHypervisor;

/// <summary>The typed REST client against the stand-in Cloud Hypervisor API (StandInCloudHypervisorApi) on a temporary unix socket.</summary>
public sealed class RestClientSpecs : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("redox-ch-api-").FullName;
    private StandInCloudHypervisorApi _api = null!;
    private CloudHypervisorClient _client = null!;

    private string Socket => Path.Combine(_directory, "api.sock");

    public Task InitializeAsync()
    {
        _api = new StandInCloudHypervisorApi(Socket, StandInCloudHypervisorApi.DevelopmentVm("/tmp/run/harddrive.img"));
        _client = new CloudHypervisorClient(Socket);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Ping_is_a_GET_of_vmm_ping_and_returns_the_VMM_version()
    {
        var ping = await _client.Vmm.Ping();

        ping.Should().Be(new VmmPingResponse("50.0.0", "v50.0-stand-in", 4242, ["kvm"]) { Features = ping.Features });
        ping.Features.Should().Equal("kvm");
        _api.Requests.Should().ContainSingle().Which.Should().Match<StandInCloudHypervisorApi.Request>(r => r.Method == "GET" && r.Path == "/api/v1/vmm.ping" && r.Body == "");
    }

    [Fact]
    public async Task Info_reads_state_vcpus_memory_and_disks_from_the_snake_case_fields()
    {
        var info = await _client.Vm.GetInfo();

        info.State.Should().Be(VmState.Running);
        info.MemoryActualSize.Should().Be(2L << 30);
        info.Config.Cpus.Should().Be(new CpusConfig(4, 4, new CpuTopology(1, 4, 1, 1)));
        info.Config.Memory!.HotplugSize.Should().Be(2L << 30);
        info.Config.Memory.HotplugMethod.Should().Be("VirtioMem");
        info.Config.Disks.Should().ContainSingle().Which.Should().Be(new DiskConfig("/tmp/run/harddrive.img", Readonly: false, Direct: true, Id: "_disk0"));
        info.Config.Serial.Should().Be(new ConsoleConfig("Tty"));
    }

    [Fact]
    public async Task Pause_and_resume_are_body_less_PUTs_that_move_the_VM_from_Running_to_Paused_and_back()
    {
        await _client.Vm.Pause();
        (await _client.Vm.GetInfo()).State.Should().Be(VmState.Paused);
        await _client.Vm.Resume();
        (await _client.Vm.GetInfo()).State.Should().Be(VmState.Running);

        var puts = _api.Requests.Where(r => r.Method == "PUT").ToList();
        puts.Select(r => r.Path).Should().Equal("/api/v1/vm.pause", "/api/v1/vm.resume");
        puts.Should().AllSatisfy(r =>
        {
            r.Body.Should().BeEmpty();
            r.Headers.Should().NotContainKey("content-type").And.NotContainKey("transfer-encoding");
        });
    }

    [Fact]
    public async Task Pausing_a_paused_VM_fails_with_the_status_and_the_servers_messages()
    {
        await _client.Vm.Pause();

        var act = () => _client.Vm.Pause();

        var failure = (await act.Should().ThrowAsync<ApiException>()).Which;
        failure.Message.Should().Be("Cloud Hypervisor refused PUT /api/v1/vm.pause with 500 Internal Server Error: Error from API: The VM could not be paused: Invalid VM state transition: Paused to Paused");
        failure.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        failure.Body.Should().Be("""["Error from API","The VM could not be paused","Invalid VM state transition: Paused to Paused"]""");
    }

    [Fact]
    public async Task A_snapshot_needs_a_paused_VM()
    {
        var destination = Directory.CreateDirectory(Path.Combine(_directory, "snapshot")).FullName;

        var act = () => _client.Vm.Snapshot(new VmSnapshotConfig(new Uri(destination).AbsoluteUri));

        (await act.Should().ThrowAsync<ApiException>()).Which.Message.Should()
            .Be("Cloud Hypervisor refused PUT /api/v1/vm.snapshot with 500 Internal Server Error: Error from API: The VM could not be snapshotted: VM is not paused");
        Directory.EnumerateFiles(destination).Should().BeEmpty();
    }

    [Fact]
    public async Task A_snapshot_of_a_paused_VM_sends_the_destination_url_as_JSON_with_a_length()
    {
        var destination = Directory.CreateDirectory(Path.Combine(_directory, "snapshot")).FullName;
        await _client.Vm.Pause();

        await _client.Vm.Snapshot(new VmSnapshotConfig($"file://{destination}"));

        var request = _api.Requests.Last();
        (request.Method, request.Path, request.Body).Should().Be(("PUT", "/api/v1/vm.snapshot", $$"""{"destination_url":"file://{{destination}}"}"""));
        request.Headers["content-type"].Should().Be("application/json", "micro_http refuses a charset parameter");
        request.Headers["content-length"].Should().Be(request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Should().NotContainKey("transfer-encoding");
        Directory.EnumerateFiles(destination).Select(Path.GetFileName).Should().BeEquivalentTo("config.json", "state.json", "memory-ranges");
    }

    [Fact]
    public async Task Resize_sends_only_the_fields_given_and_changes_the_actual_memory_size()
    {
        await _client.Vm.Resize(new VmResize(DesiredRam: 3L << 30));

        _api.Requests.Last().Body.Should().Be("""{"desired_ram":3221225472}""");
        (await _client.Vm.GetInfo()).MemoryActualSize.Should().Be(3L << 30);
    }

    [Fact]
    public async Task Resize_beyond_the_hotplug_room_fails_with_the_servers_reason()
    {
        var act = () => _client.Vm.Resize(new VmResize(DesiredRam: 5L << 30));

        (await act.Should().ThrowAsync<ApiException>()).Which.Message.Should().Be(
            "Cloud Hypervisor refused PUT /api/v1/vm.resize with 500 Internal Server Error: Error from API: The VM could not be resized: Cannot resize memory to 5368709120: the hotplug room ends at 4294967296");
        (await _client.Vm.GetInfo()).MemoryActualSize.Should().Be(2L << 30);
    }

    [Fact]
    public async Task Shutdown_is_a_body_less_PUT_of_vm_shutdown()
    {
        await _client.Vm.Shutdown();

        _api.Requests.Last().Should().Match<StandInCloudHypervisorApi.Request>(r => r.Method == "PUT" && r.Path == "/api/v1/vm.shutdown" && r.Body == "");
        (await _client.Vm.GetInfo()).State.Should().Be(VmState.Shutdown);
    }

    [Fact]
    public async Task Restore_on_a_VMM_without_a_VM_sends_the_source_url_and_leaves_the_restored_VM_paused()
    {
        var snapshot = Directory.CreateDirectory(Path.Combine(_directory, "snapshot")).FullName;
        await _client.Vm.Pause();
        await _client.Vm.Snapshot(new VmSnapshotConfig($"file://{snapshot}"));
        var emptySocket = Path.Combine(_directory, "empty.sock");
        await using var empty = new StandInCloudHypervisorApi(emptySocket);
        using var client = new CloudHypervisorClient(emptySocket);
        (await client.Invoking(c => c.Vm.GetInfo()).Should().ThrowAsync<ApiException>()).Which.StatusCode.Should().Be(HttpStatusCode.NotFound);

        await client.Vm.Restore(new RestoreConfig($"file://{snapshot}"));

        empty.Requests.Last().Body.Should().Be($$"""{"source_url":"file://{{snapshot}}"}""");
        (await client.Vm.GetInfo()).State.Should().Be(VmState.Paused);
        await client.Vm.Resume();
        (await client.Vm.GetInfo()).State.Should().Be(VmState.Running);
    }

    [Fact]
    public async Task Info_without_a_VM_is_a_404_with_the_body_in_the_message()
    {
        var emptySocket = Path.Combine(_directory, "empty.sock");
        await using var empty = new StandInCloudHypervisorApi(emptySocket);
        using var client = new CloudHypervisorClient(emptySocket);

        var act = () => client.Vm.GetInfo();

        (await act.Should().ThrowAsync<ApiException>()).Which.Message.Should()
            .Be("Cloud Hypervisor refused GET /api/v1/vm.info with 404 Not Found: Error from API: The VM info is not available: VM is not created");
    }

    [Fact]
    public async Task Without_a_socket_file_no_VM_is_listening()
    {
        var missing = Path.Combine(_directory, "missing.sock");
        using var client = new CloudHypervisorClient(missing);

        var act = () => client.Vm.Pause();

        (await act.Should().ThrowAsync<VmmUnreachableException>()).Which.Message.Should()
            .Be($"no VM is listening on {missing}; start one with ./build.sh RunCloudDev (there is no socket file at that path)");
    }

    [Fact]
    public async Task A_socket_file_nobody_accepts_on_is_reported_as_a_VMM_that_has_exited()
    {
        var dead = Path.Combine(_directory, "dead.sock");
        LeaveDeadSocket(dead);
        using var client = new CloudHypervisorClient(dead);

        var act = () => client.Vmm.Ping();

        (await act.Should().ThrowAsync<VmmUnreachableException>()).Which.Message.Should().Be(
            $"no VM is listening on {dead}; start one with ./build.sh RunCloudDev (the socket file exists, but nothing accepts connections on it: the Cloud Hypervisor that made it has exited)");
    }

    /// <summary>A socket file with no listener behind it, as a killed VMM leaves it: connecting is refused.</summary>
    internal static void LeaveDeadSocket(string path)
    {
        // Bound under another name and renamed, because .NET unlinks the bound name when the socket is disposed.
        using (var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(path + ".binding"));
            File.Move(path + ".binding", path);
        }
        File.Exists(path).Should().BeTrue();
    }
}
