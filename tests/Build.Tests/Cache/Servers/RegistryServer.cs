using System.Text.RegularExpressions;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cache.Servers;

/// <summary>
/// Debian's docker-registry (distribution 2.8) on 127.0.0.1 with a private config and storage in a temp directory.
/// The packaged /etc/docker/registry/config.yml listens on all interfaces with htpasswd auth, so it is never used.
/// </summary>
public sealed partial class RegistryServer : IDisposable
{
    private readonly ServerProcess _process;

    private RegistryServer(ServerProcess process, string storage, int port)
    {
        _process = process;
        Storage = storage;
        Port = port;
    }

    public string Storage { get; }
    public int Port { get; }
    public string Output => _process.Output;

    /// <summary>Starts the registry; <paramref name="extraConfig"/> is appended YAML (e.g. an auth: section).</summary>
    public static async Task<RegistryServer> StartAsync(string directory, string extraConfig = "")
    {
        var storage = Directory.CreateDirectory(Path.Combine(directory, "data")).FullName;
        var config = Path.Combine(directory, "config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {storage}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:0
              secret: redox-build-test-secret
            {extraConfig}
            """);
        var (process, match) = await ServerProcess.StartAsync(HostTools.Require("docker-registry"), ["serve", config], ListeningLine(), TimeSpan.FromSeconds(30));
        return new RegistryServer(process, storage, int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Where distribution keeps a blob's bytes on disk (to damage them behind the registry's back).</summary>
    public string BlobFile(string digest) => Path.Combine(Storage, "docker/registry/v2/blobs/sha256", digest[..2], digest, "data");

    public void Dispose() => _process.Dispose();

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
