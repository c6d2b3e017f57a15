using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RedoxBuild.Tests.Runners.CloudHypervisor;

/// <summary>
/// A STAND-IN for the REST API cloud-hypervisor serves on its --api-socket (Cloud Hypervisor itself cannot be
/// installed or run on this machine). It speaks raw HTTP/1.1 on a unix socket and implements the endpoints the build
/// uses as Cloud Hypervisor's OpenAPI description (vmm/src/api/openapi/cloud-hypervisor.yaml) defines them, with the
/// server's habits from vmm/src/api/http: 204 for actions, 200 + JSON for vmm.ping and vm.info, error bodies as a
/// JSON array of messages (outermost first), 404 when there is no VM, 500 for refused state changes, 400 for a body
/// on a body-less action. Like micro_http it reads bodies by Content-Length only and accepts exactly
/// "application/json" or "text/plain" as Content-Type. Every request is recorded for assertions.
/// </summary>
public sealed class StandInCloudHypervisorApi : IAsyncDisposable
{
    public sealed record Request(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

    private readonly Socket _listener;
    private readonly Task _acceptLoop;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Request> _requests = [];
    private readonly Lock _lock = new();
    private JsonObject? _config;
    private string? _state;
    private long _actualMemory;

    /// <summary>Serves on <paramref name="socketPath"/>; with <paramref name="vmConfig"/> a VM exists and runs, without it the VMM is empty (as before vm.restore).</summary>
    public StandInCloudHypervisorApi(string socketPath, JsonObject? vmConfig = null)
    {
        SocketPath = socketPath;
        _config = vmConfig;
        _state = vmConfig is null ? null : "Running";
        _actualMemory = vmConfig?["memory"]?["size"]?.GetValue<long>() ?? 0;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        // Bound under another name and renamed: .NET unlinks the name it bound when the socket is disposed, and the
        // stand-in must leave its socket file behind as a VMM that dies does.
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath + ".binding"));
        File.Move(socketPath + ".binding", socketPath);
        _listener.Listen(16);
        _acceptLoop = AcceptAsync();
    }

    public string SocketPath { get; }

    /// <summary>The config.json a vm.restore read from its source directory.</summary>
    public string? RestoredConfigJson { get; private set; }

    public IReadOnlyList<Request> Requests { get { lock (_lock) return _requests.ToList(); } }

    public string? State { get { lock (_lock) return _state; } }

    /// <summary>Makes vm.snapshot fail as a full disk does: config.json is written, then the state fails with ENOSPC.</summary>
    public bool FailSnapshotMidway { get; set; }

    /// <summary>A VM config as RunCloudDev would create it: 4 vCPUs, 2 GiB plus 2 GiB virtio-mem room, one disk.</summary>
    public static JsonObject DevelopmentVm(string diskPath) => new()
    {
        ["cpus"] = new JsonObject { ["boot_vcpus"] = 4, ["max_vcpus"] = 4, ["topology"] = new JsonObject { ["threads_per_core"] = 1, ["cores_per_die"] = 4, ["dies_per_package"] = 1, ["packages"] = 1 } },
        ["memory"] = new JsonObject { ["size"] = 2L << 30, ["hotplug_size"] = 2L << 30, ["hotplug_method"] = "VirtioMem", ["shared"] = false, ["hugepages"] = false },
        ["payload"] = new JsonObject { ["firmware"] = "/usr/share/cloud-hypervisor/CLOUDHV.fd" },
        ["disks"] = new JsonArray(new JsonObject { ["path"] = diskPath, ["readonly"] = false, ["direct"] = true, ["id"] = "_disk0" }),
        ["serial"] = new JsonObject { ["mode"] = "Tty" },
        ["console"] = new JsonObject { ["mode"] = "Off" },
    };

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using var _ = connection;
        await using var stream = new NetworkStream(connection);
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        while (!_stop.IsCancellationRequested)
        {
            // Headers end at the first blank line; a bounded size keeps a broken client from growing the buffer forever.
            int end;
            while ((end = IndexOfBlankLine(buffer)) < 0)
            {
                if (buffer.Count > 16384) return;
                int read;
                try { read = await stream.ReadAsync(chunk, _stop.Token); }
                catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { return; }
                if (read == 0) return;
                buffer.AddRange(chunk.AsSpan(0, read));
            }
            var head = Encoding.ASCII.GetString(buffer.GetRange(0, end).ToArray()).Split("\r\n");
            buffer.RemoveRange(0, end + 4);
            var requestLine = head[0].Split(' ');
            var headers = head.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
            var length = headers.TryGetValue("content-length", out var l) ? int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : 0;
            while (buffer.Count < length)
            {
                var read = await stream.ReadAsync(chunk, _stop.Token);
                if (read == 0) return;
                buffer.AddRange(chunk.AsSpan(0, read));
            }
            var body = Encoding.UTF8.GetString(buffer.GetRange(0, length).ToArray());
            buffer.RemoveRange(0, length);

            var request = new Request(requestLine[0], requestLine[1], headers, body);
            lock (_lock) _requests.Add(request);
            var (status, json) = Handle(request);
            var payload = Encoding.UTF8.GetBytes(json ?? "");
            var response = $"HTTP/1.1 {status} {Reason(status)}\r\nServer: Cloud Hypervisor API\r\nConnection: keep-alive\r\n" +
                           $"Content-Type: application/json\r\nContent-Length: {payload.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response).Concat(payload).ToArray());
            if (request.Path == "/api/v1/vmm.shutdown") await _stop.CancelAsync();
        }
    }

    private (int Status, string? Body) Handle(Request request)
    {
        if (request.Headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            return (400, Errors("Bad Request", "chunked request bodies are not supported; send Content-Length"));
        if (request.Headers.TryGetValue("content-type", out var type) && type is not ("application/json" or "text/plain"))
            return (400, Errors("Bad Request", $"unsupported Content-Type '{type}'"));

        lock (_lock)
        {
            return (request.Method, request.Path) switch
            {
                ("GET", "/api/v1/vmm.ping") => (200, """{"build_version":"v50.0-stand-in","version":"50.0.0","pid":4242,"features":["kvm"]}"""),
                ("PUT", "/api/v1/vmm.shutdown") => (200, null),
                ("GET", "/api/v1/vm.info") => _config is null ? (404, Errors("Error from API", "The VM info is not available", "VM is not created"))
                    : (200, new JsonObject { ["config"] = _config.DeepClone(), ["state"] = _state, ["memory_actual_size"] = _actualMemory }.ToJsonString()),
                ("PUT", "/api/v1/vm.pause") => Transition(request, "pause", "paused", from: "Running", to: "Paused"),
                ("PUT", "/api/v1/vm.resume") => Transition(request, "resume", "resumed", from: "Paused", to: "Running"),
                ("PUT", "/api/v1/vm.shutdown") => Transition(request, "shutdown", "shut down", from: _state is "Running" or "Paused" ? _state : "Running", to: "Shutdown"),
                ("PUT", "/api/v1/vm.snapshot") => Snapshot(request.Body),
                ("PUT", "/api/v1/vm.restore") => Restore(request.Body),
                ("PUT", "/api/v1/vm.resize") => Resize(request.Body),
                (_, "/api/v1/vmm.ping" or "/api/v1/vmm.shutdown" or "/api/v1/vm.info" or "/api/v1/vm.pause" or "/api/v1/vm.resume" or
                    "/api/v1/vm.shutdown" or "/api/v1/vm.snapshot" or "/api/v1/vm.restore" or "/api/v1/vm.resize") => (400, Errors("Bad Request")),
                _ => (404, Errors("Not Found")),
            };
        }
    }

    private (int, string?) Transition(Request request, string verb, string past, string? from, string to)
    {
        if (request.Body.Length > 0) return (400, Errors("Bad Request"));
        if (_config is null) return (404, Errors("Error from API", $"The VM could not be {past}", "VM is not created"));
        if (_state != from) return (500, Errors("Error from API", $"The VM could not be {past}", $"Invalid VM state transition: {_state} to {to}"));
        _state = to;
        return (204, null);
    }

    private (int, string?) Snapshot(string body)
    {
        if (body.Length == 0) return (400, Errors("Bad Request"));
        if (_config is null) return (404, Errors("Error from API", "The VM could not be snapshotted", "VM is not created"));
        if (_state != "Paused") return (500, Errors("Error from API", "The VM could not be snapshotted", "VM is not paused"));
        var directory = new Uri(JsonNode.Parse(body)!["destination_url"]!.GetValue<string>()).LocalPath;
        if (!Directory.Exists(directory)) return (500, Errors("Error from API", "The VM could not be snapshotted", $"Invalid URL: {directory} is not a directory"));
        if (File.Exists(Path.Combine(directory, "state.json"))) return (500, Errors("Error from API", "The VM could not be snapshotted", "File exists (os error 17)"));
        File.WriteAllText(Path.Combine(directory, "config.json"), _config.ToJsonString());
        if (FailSnapshotMidway) return (500, Errors("Error from API", "The VM could not be snapshotted", "No space left on device (os error 28)"));
        File.WriteAllText(Path.Combine(directory, "state.json"), """{"snapshot_data":{"stand-in":true}}""");
        File.WriteAllBytes(Path.Combine(directory, "memory-ranges"), [1, 2, 3, 4]);
        return (204, null);
    }

    private (int, string?) Restore(string body)
    {
        if (body.Length == 0) return (400, Errors("Bad Request"));
        if (_config is not null) return (404, Errors("Error from API", "The VM could not be restored", "VM is already created"));
        var directory = new Uri(JsonNode.Parse(body)!["source_url"]!.GetValue<string>()).LocalPath;
        var configFile = Path.Combine(directory, "config.json");
        if (!File.Exists(configFile) || !File.Exists(Path.Combine(directory, "state.json")) || !File.Exists(Path.Combine(directory, "memory-ranges")))
            return (500, Errors("Error from API", "The VM could not be restored", $"Cannot read the snapshot in {directory}"));
        RestoredConfigJson = File.ReadAllText(configFile);
        _config = JsonNode.Parse(RestoredConfigJson)!.AsObject();
        _actualMemory = _config["memory"]?["size"]?.GetValue<long>() ?? 0;
        _state = "Paused"; // a restored VM waits for vm.resume
        return (204, null);
    }

    private (int, string?) Resize(string body)
    {
        if (body.Length == 0) return (400, Errors("Bad Request"));
        if (_config is null) return (404, Errors("Error from API", "The VM could not be resized", "VM is not created"));
        var resize = JsonNode.Parse(body)!.AsObject();
        if (resize["desired_ram"]?.GetValue<long>() is { } ram)
        {
            var size = _config["memory"]!["size"]!.GetValue<long>();
            var room = _config["memory"]!["hotplug_size"]?.GetValue<long>() ?? 0;
            if (ram < size || ram > size + room)
                return (500, Errors("Error from API", "The VM could not be resized", $"Cannot resize memory to {ram}: the hotplug room ends at {size + room}"));
            _actualMemory = ram;
        }
        if (resize["desired_vcpus"]?.GetValue<int>() is { } vcpus) _config["cpus"]!["boot_vcpus"] = vcpus;
        return (204, null);
    }

    private static string Errors(params string[] messages) => JsonSerializer.Serialize(messages);

    private static string Reason(int status) => status switch
    {
        200 => "OK", 204 => "No Content", 400 => "Bad Request", 404 => "Not Found", 500 => "Internal Server Error", _ => "Status",
    };

    private static int IndexOfBlankLine(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') return i;
        return -1;
    }

    /// <summary>Stops serving but leaves the socket file, as a VMM that dies does.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        _stop.Dispose();
    }
}
