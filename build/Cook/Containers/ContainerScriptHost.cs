using System.Security.Cryptography;
using System.Text;
using RedoxBuild.Cook.Scripting;
using RedoxBuild.Docker;
using RedoxBuild.Engine;
using Serilog;

namespace RedoxBuild.Cook.Containers;

/// <summary>What the builder container is made of and who runs in it.</summary>
public sealed record BuilderContainerOptions(
    string Image,
    ContainerUser User,
    BuilderMounts Mounts,
    string RepositoryRoot,
    string Home,
    IReadOnlyList<string> UserDirectories,
    IReadOnlyDictionary<string, string> ForwardedEnvironment,
    string MissingImageHint)
{
    /// <summary>The label every builder container carries, with the checkout it builds; leftovers are found by it.</summary>
    public const string RootLabel = "org.redox-os.build.root";
}

/// <summary>
/// Runs recipe scripts in ONE long-lived builder container per build: started before the first recipe (the image
/// pulled if it is missing and pullable), each script run in it with exec as the invoking user (so outputs are
/// theirs), its output streamed into the recipe's log, and the container removed when the build ends. Mounts put the
/// checkout, build/ and the source cache at their own paths, so the environment needs no path mapping; only PATH
/// ends with the image's directories instead of this machine's, and HOME is a writable folder under build/work.
/// A dry run prints the docker CLI equivalent of each Engine API call instead of making it. Disposing removes the
/// container and disposes the client.
/// </summary>
public sealed class ContainerScriptHost(IDockerClient docker, BuilderContainerOptions options, Processes processes, ILogger logger, CancellationToken cancellationToken)
    : IScriptHost, IAsyncDisposable
{
    private const int TailLines = 30;
    private const string DefaultSearchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private readonly DockerCommands _cli = new(options);
    private readonly Lazy<string> _sccachePort = new(FreeLoopbackPort);
    private string _searchPath = DefaultSearchPath;
    private string? _containerId;

    /// <summary>The container's name: the checkout's hash (for people reading docker ps) and a random part (unique).</summary>
    public string Name { get; } = $"redox-build-{Hash(options.RepositoryRoot)}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The builder image's ID (sha256 of its config): stands for its compilers in the recipes' keys.</summary>
    public string ImageId { get; private set; } = "";

    public async Task StartAsync()
    {
        if (processes.IsDryRun)
        {
            await processes.RunAsync(_cli.Create(Name));
            await processes.RunAsync(_cli.Start(Name));
            return;
        }
        await docker.System.PingAsync(cancellationToken);
        var version = await docker.GetApiVersionAsync(cancellationToken);
        var image = await RequireImageAsync();
        ImageId = image.ID;
        _searchPath = image.Config?.Env?.FirstOrDefault(e => e.StartsWith("PATH=", StringComparison.Ordinal))?["PATH=".Length..] ?? DefaultSearchPath;
        await RemoveLeftoversAsync();
        foreach (var directory in options.UserDirectories.Prepend(options.Home))
        {
            Directory.CreateDirectory(directory);
            options.User.HandOver(directory);
        }

        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = Name,
            Image = options.Image,
            // Something that waits for ever without needing anything from the image; the work happens in execs.
            Cmd = ["sleep", "infinity"],
            User = options.User.ToString(),
            WorkingDir = options.RepositoryRoot,
            Labels = new Dictionary<string, string>
            {
                [BuilderContainerOptions.RootLabel] = options.RepositoryRoot,
                ["org.redox-os.build.host"] = System.Environment.MachineName,
                ["org.redox-os.build.pid"] = System.Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            // Host networking as upstream's podman run: cargo and configure scripts may fetch (unless --offline).
            HostConfig = new HostConfig { Binds = options.Mounts.Binds, NetworkMode = "host" },
        }, cancellationToken);
        _containerId = created.ID;
        foreach (var warning in created.Warnings ?? []) logger.Warning("Docker: {Warning}", warning);
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        logger.Information("Builder container {Name} ({Id}) from {Image} ({ImageId}), Engine API {Version}, running as {User}; mounted at their own paths: {Mounts}",
            Name, created.ID[..12], options.Image, ImageId, version, options.User, string.Join(", ", options.Mounts.Binds));
    }

    public string SearchPath(string hostPath) => _searchPath;

    public async Task RunAsync(ScriptInvocation invocation)
    {
        var environment = ExecEnvironment(invocation);
        // Withheld secrets need no unsetting: exec passes only the variables set here, not this process's environment.
        var unset = invocation.Environment.Where(e => e.Value is null && invocation.Withheld?.Contains(e.Key) != true)
            .Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        // Exec can only add variables to the container's; what the cook environment unsets is unset by env(1) first.
        List<string> command = [.. unset.Count == 0 ? [] : unset.SelectMany(u => new[] { "-u", u }).Prepend("env"), "bash", "-e", "-x", invocation.ScriptFile];
        if (processes.IsDryRun)
        {
            await processes.RunAsync(_cli.Exec(Name, invocation.WorkingDirectory, environment, command));
            return;
        }
        var id = _containerId ?? throw new InvalidOperationException("The builder container was not started (StartAsync).");
        var outside = options.Mounts.FirstOutside([invocation.WorkingDirectory, invocation.ScriptFile, .. invocation.Outputs,
            .. new[] { "COOKBOOK_SOURCE", "COOKBOOK_RECIPE", "COOKBOOK_SYSROOT", "COOKBOOK_TOOLCHAIN" }.Select(n => invocation.Environment.GetValueOrDefault(n)).OfType<string>()]);
        if (outside is not null)
            throw new BuildFailure($"{invocation.Recipe}: {outside} is outside the folders mounted into the builder container ({string.Join(", ", options.Mounts.Binds)}). " +
                                   "Keep sources, recipes and build/ inside the checkout or the source cache.");
        foreach (var output in invocation.Outputs)
        {
            Directory.CreateDirectory(output);
            options.User.HandOver(output);
        }

        var exec = await docker.Exec.ExecCreateContainerAsync(id, new ContainerExecCreateParameters
        {
            Cmd = command,
            Env = environment.Select(e => $"{e.Key}={e.Value}").ToList(),
            WorkingDir = invocation.WorkingDirectory,
            User = options.User.ToString(),
            AttachStdout = true,
            AttachStderr = true,
        }, cancellationToken);
        var display = $"docker exec {Name} {string.Join(' ', command.Select(CliWrap.ShellQuoting.Quote))}";
        var tail = await PumpOutputAsync(exec.ID, display, invocation.LogFile);
        var exitCode = await ExitCodeAsync(exec.ID);
        if (exitCode == 0) return;
        var message = $"'{display}' exited with code {exitCode} (in {invocation.WorkingDirectory}).";
        if (invocation.LogFile is not null) message += $" Full log: {invocation.LogFile}";
        if (tail.Count > 0) message += $"{System.Environment.NewLine}Last output:{System.Environment.NewLine}{string.Join(System.Environment.NewLine, tail)}";
        if (tail.Any(l => l.Contains("Permission denied", StringComparison.Ordinal)))
            message += $"{System.Environment.NewLine}The builder container runs as {options.User}: that user must be able to read the checkout and write build/ " +
                       "(choose it with --container-user UID:GID; by default it is you, or SUDO_UID:SUDO_GID under sudo).";
        throw new ToolFailure(message, (int)exitCode);
    }

    /// <summary>Removes the container (killing whatever still runs in it); never throws, because it runs in finally.</summary>
    public async ValueTask DisposeAsync()
    {
        using var _ = docker;
        if (processes.IsDryRun)
        {
            await processes.RunAsync(_cli.Remove(Name), new RunOptions { Cancellation = CancellationToken.None });
            return;
        }
        if (_containerId is not { } id) return;
        try
        {
            await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
            logger.Debug("Removed the builder container {Name}", Name);
        }
        catch (Exception e) when (e is DockerApiException or DockerDaemonUnavailableException or HttpRequestException or IOException)
        {
            logger.Warning("Could not remove the builder container {Name}: {Error}. Remove it with: docker rm -f {Name}", Name, e.Message, Name);
        }
        _containerId = null;
    }

    private Dictionary<string, string> ExecEnvironment(ScriptInvocation invocation)
    {
        var environment = invocation.Environment.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal);
        environment["HOME"] = options.Home;
        // Credentials a backend needs (S3 keys) are not inherited as on this machine: the container has its own environment.
        foreach (var (name, value) in options.ForwardedEnvironment) environment.TryAdd(name, value);
        // The container shares the host's network: on the host's sccache port the wrapper would find a server on this
        // machine, which runs the host's compilers. The container's own server gets a port nothing else uses.
        if (environment.ContainsKey("RUSTC_WRAPPER")) environment["SCCACHE_SERVER_PORT"] = _sccachePort.Value;
        return environment;
    }

    private async Task<IReadOnlyList<string>> PumpOutputAsync(string execId, string display, string? logFile)
    {
        var tail = new Queue<string>();
        await using var log = logFile is null ? null : new StreamWriter(logFile, append: true) { AutoFlush = true };
        log?.WriteLine($"> {display}");
        var lines = new OutputLines((line, error) =>
        {
            tail.Enqueue(line);
            if (tail.Count > TailLines) tail.Dequeue();
            if (log is not null) log.WriteLine(line);
            else logger.Debug(error ? "  ! {Line}" : "  {Line}", line);
        });
        using var stream = await docker.Exec.StartAndAttachContainerExecAsync(execId, tty: false, cancellationToken);
        var buffer = new byte[16384];
        while (await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken) is { EOF: false } read)
            lines.Write(buffer, read.Count, read.Target);
        lines.Flush();
        return [.. tail];
    }

    // The output ends when the process closes it; the daemon may record the exit a moment later.
    private async Task<long> ExitCodeAsync(string execId)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var state = await docker.Exec.InspectContainerExecAsync(execId, cancellationToken);
            if (!state.Running) return state.ExitCode;
            await Task.Delay(100, cancellationToken);
        }
        throw new BuildFailure($"The exec {execId[..12]} in {Name} closed its output but was still running 10 s later.");
    }

    private async Task<ImageInspectResponse> RequireImageAsync()
    {
        try
        {
            return await docker.Images.InspectImageAsync(options.Image, cancellationToken);
        }
        catch (DockerImageNotFoundException) when (options.MissingImageHint.Length > 0)
        {
            throw new BuildFailure($"The builder image {options.Image} is not on the daemon at {docker.Configuration.EndpointBaseUri}. {options.MissingImageHint}");
        }
        catch (DockerImageNotFoundException)
        {
            logger.Information("Pulling the builder image {Image}", options.Image);
            var (name, tag) = SplitTag(options.Image);
            try
            {
                await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, null,
                    new InlineProgress<JSONMessage>(m => logger.Debug("  {Status} {Id} {Progress}", m.Status, m.ID, m.ProgressMessage)), cancellationToken);
            }
            catch (Exception e) when (e is DockerApiException or DockerStreamException)
            {
                throw new BuildFailure($"The builder image {options.Image} is not on the daemon at {docker.Configuration.EndpointBaseUri} and could not be pulled: {e.Message}");
            }
            return await docker.Images.InspectImageAsync(options.Image, cancellationToken);
        }
    }

    // A build killed outright (SIGKILL, a crash) never ran its finally; its container would sleep for ever.
    private async Task RemoveLeftoversAsync()
    {
        var mine = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{BuilderContainerOptions.RootLabel}={options.RepositoryRoot}"] = true } },
        }, cancellationToken);
        foreach (var leftover in mine)
        {
            var labels = new Dictionary<string, string>(leftover.Labels ?? new Dictionary<string, string>());
            if (labels.GetValueOrDefault("org.redox-os.build.host") != System.Environment.MachineName ||
                !int.TryParse(labels.GetValueOrDefault("org.redox-os.build.pid"), out var pid) || Directory.Exists($"/proc/{pid}")) continue;
            logger.Information("Removing the builder container {Name} left by an earlier build (process {Pid} is gone)", leftover.Names?.FirstOrDefault(), pid);
            await docker.Containers.RemoveContainerAsync(leftover.ID, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
    }

    private static (string Name, string? Tag) SplitTag(string image)
    {
        if (image.Contains('@')) return (image, null); // pinned by digest: fromImage takes it whole
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    private static string FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
}
