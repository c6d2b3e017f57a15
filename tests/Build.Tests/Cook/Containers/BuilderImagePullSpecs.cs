using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RedoxBuild.Tests.Cook.EndToEnd;
using RedoxBuild.Tests.Docker;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.Containers;

/// <summary>
/// A builder image the daemon does not have is pulled before the cook: from a local registry (docker-registry on
/// loopback, which dockerd trusts without TLS) holding the test image under a new name.
/// </summary>
[Collection(PrivateDockerCollection.Name)]
public sealed class BuilderImagePullSpecs(PrivateDockerDaemon daemon) : IDisposable
{
    private readonly CookFixture _fixture = new();
    private Process? _registry;

    public void Dispose()
    {
        if (_registry is { HasExited: false }) _registry.Kill(entireProcessTree: true);
        _registry?.WaitForExit();
        _registry?.Dispose();
        _fixture.Dispose();
    }

    private string Docker(params string[] args)
    {
        var start = new ProcessStartInfo(HostTools.Require("docker")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOCKER_HOST"] = daemon.Endpoint.ToString();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"docker {string.Join(' ', args)} failed: {error.Result}");
        return output.Result;
    }

    private async Task<string> StartRegistryAsync()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var address = $"127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        probe.Stop();
        var config = Path.Combine(_fixture.Root, "registry.yml");
        File.WriteAllText(config, $"version: 0.1\nstorage: {{ filesystem: {{ rootdirectory: {Path.Combine(_fixture.Root, "registry")} }} }}\nhttp: {{ addr: {address} }}\n");
        _registry = Process.Start(new ProcessStartInfo(HostTools.Require("docker-registry"), ["serve", config]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        _registry.OutputDataReceived += (_, _) => { };
        _registry.ErrorDataReceived += (_, _) => { };
        _registry.BeginOutputReadLine();
        _registry.BeginErrorReadLine();
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                if ((await http.GetAsync($"http://{address}/v2/")).IsSuccessStatusCode) return address;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"docker-registry did not answer on {address} within 10 s.");
    }

    [RequiresToolsFact("dockerd", "busybox", "docker-registry", "docker")]
    public async Task A_builder_image_missing_on_the_daemon_is_pulled_and_the_cook_runs_in_it()
    {
        var registry = await StartRegistryAsync();
        var image = $"{registry}/redox-test/pulled:1";
        Docker("tag", PrivateDockerDaemon.BaseImage, image);
        Docker("push", image);
        Docker("rmi", image);
        File.SetUnixFileMode(_fixture.Root, (UnixFileMode)Convert.ToInt32("755", 8));
        _fixture.Recipe("standalone", "[build]\ntemplate = \"custom\"\nscript = \"mkdir -p $COOKBOOK_STAGE/usr/share && echo pulled > $COOKBOOK_STAGE/usr/share/standalone\"\n");

        var result = await BuildHarness.RunAsync(_fixture.Root,
            ["Cook", "--target-triple", "x86_64-unknown-linux-gnu", "--recipes", _fixture.Recipes, "--source-cache", _fixture.Cache, "--json", _fixture.Json,
                "--cache-dir", _fixture.BinaryCache, "--recipe", "standalone", "--container", "--builder-image", image],
            new Dictionary<string, string>(daemon.Environment)
            {
                ["HOME"] = "/root", ["XDG_CACHE_HOME"] = Path.Combine(_fixture.Root, "xdg-cache"), ["XDG_CONFIG_HOME"] = Path.Combine(_fixture.Root, "xdg-config"),
            });

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain($"Pulling the builder image {image}");
        File.ReadAllText(Path.Combine(_fixture.Stage("standalone"), "usr", "share", "standalone")).Should().Be("pulled\n");
        Docker("image", "inspect", "--format", "{{.Id}}", image).Trim().Should().StartWith("sha256:");
    }
}
