using System.Diagnostics;
using System.Formats.Tar;
using RedoxBuild.Docker;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Docker;

/// <summary>The tests that need a real dockerd share one private daemon (xunit runs a collection's tests one by one).</summary>
[CollectionDefinition(Name)]
public sealed class PrivateDockerCollection : ICollectionFixture<PrivateDockerDaemon>
{
    public const string Name = "private dockerd";
}

/// <summary>
/// A dockerd of the tests' own: its data root, exec root, pid file and socket in a temporary folder, no iptables, no
/// bridge and no IP forwarding (dockerd would switch net.ipv4.ip_forward on for the whole machine, and new network
/// namespaces inherit it), so it changes nothing outside its folder; stopped and deleted at the end. It holds one base image,
/// <see cref="BaseImage"/>, imported from a tiny root filesystem: busybox-static with every applet linked, plus
/// bash and its libraries (recipe scripts run under bash -e -x), and PATH=/bin in its config.
/// </summary>
public sealed class PrivateDockerDaemon : IAsyncLifetime
{
    public const string BaseImage = "redox-test/busybox:1";

    private Process? _daemon;

    /// <summary>Short, because unix socket paths are limited to 107 bytes and containerd's live under the exec root.</summary>
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("rdx-dockerd-").FullName;

    public string SocketPath => Path.Combine(Directory, "docker.sock");
    public Uri Endpoint => new("unix://" + SocketPath);
    public string LogFile => Path.Combine(Directory, "dockerd.log");

    /// <summary>The environment a build needs to use this daemon.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["DOCKER_HOST"] = Endpoint.ToString() };

    public DockerClient CreateClient() => new DockerClientConfiguration(Endpoint).CreateClient();

    public async Task InitializeAsync()
    {
        // Skipped tests still get the collection's fixture: start nothing where dockerd is missing (locally only).
        if (HostTools.Find("dockerd") is null && !HostTools.IsCi) return;
        var dockerd = HostTools.Require("dockerd");
        var start = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList =
            {
                "-c", "exec \"$0\" --iptables=false --ip-forward=false --bridge=none --data-root \"$1/data\" --exec-root \"$1/exec\" --pidfile \"$1/docker.pid\" -H \"unix://$1/docker.sock\" > \"$1/dockerd.log\" 2>&1",
                dockerd, Directory,
            },
        };
        _daemon = Process.Start(start)!;
        using var client = CreateClient();
        var ready = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await client.System.PingAsync();
                break;
            }
            catch (DockerDaemonUnavailableException) when (ready.Elapsed < TimeSpan.FromSeconds(30) && !_daemon.HasExited)
            {
                await Task.Delay(100);
            }
            catch (DockerDaemonUnavailableException e)
            {
                throw new InvalidOperationException($"The private dockerd did not answer within 30 s:\n{File.ReadAllText(LogFile)}", e);
            }
        }
        await using var rootfs = BusyboxRootfs();
        await client.Images.ImportImageAsync(new ImagesImportParameters { RepositoryName = "redox-test/busybox", Tag = "1", Changes = ["ENV PATH=/bin"] }, rootfs, null);
    }

    public async Task DisposeAsync()
    {
        if (_daemon is not null)
        {
            // Containers a failed test left would make dockerd wait for them; remove them outright first.
            using (var client = CreateClient())
                foreach (var container in await client.Containers.ListContainersAsync(new ContainersListParameters { All = true }))
                    await client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
            // SIGTERM lets dockerd unmount its layers and stop its containerd.
            using (var kill = Process.Start("kill", ["-TERM", _daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            try { await _daemon.WaitForExitAsync(stopping.Token); }
            catch (OperationCanceledException) { _daemon.Kill(entireProcessTree: true); }
            _daemon.Dispose();
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A mount a killed daemon left behind: detach everything under the folder, then delete it.
            using (var umount = Process.Start("sh", ["-c", $"grep -o ' {Directory}[^ ]*' /proc/self/mounts | sort -r | xargs -r -n1 umount -l"])) await umount.WaitForExitAsync();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>A tar of busybox (with every applet as a symlink), bash and the libraries bash loads, and a sticky /tmp.</summary>
    private MemoryStream BusyboxRootfs()
    {
        var root = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "rootfs")).FullName;
        var bin = System.IO.Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
        File.Copy(HostTools.Require("busybox"), Path.Combine(bin, "busybox"));
        foreach (var applet in GitRepo.RunTool(Directory, "busybox", "--list").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (applet != "busybox") File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
        File.Copy("/bin/bash", Path.Combine(bin, "bash"), overwrite: true);
        foreach (var library in GitRepo.RunTool(Directory, "ldd", "/bin/bash").Split('\n').Select(l => l.Trim().Split(' ').FirstOrDefault(w => w.StartsWith('/'))).OfType<string>())
        {
            var target = Path.Combine(root, library.TrimStart('/'));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(library, target, overwrite: true);
        }
        var tmp = System.IO.Directory.CreateDirectory(Path.Combine(root, "tmp")).FullName;
        File.SetUnixFileMode(tmp, (UnixFileMode)Convert.ToInt32("1777", 8));
        var archive = new MemoryStream();
        TarFile.CreateFromDirectory(root, archive, includeBaseDirectory: false);
        archive.Position = 0;
        System.IO.Directory.Delete(root, recursive: true);
        return archive;
    }
}
