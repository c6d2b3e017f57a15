using System.Text.RegularExpressions;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cache.Servers;

/// <summary>
/// npm's s3rver 3.7.1 (an S3 emulator) on 127.0.0.1 with its data in a temp directory. The package is installed once
/// with npm into ~/.cache/redox-build-tests/s3rver-3.7.1 (or $S3RVER_HOME), which .ci/run can prepare ahead.
/// </summary>
public sealed partial class S3rverServer : IDisposable
{
    public const string Version = "3.7.1";
    public const string AccessKey = "S3RVER", SecretKey = "S3RVER";

    private readonly ServerProcess _process;

    private S3rverServer(ServerProcess process, string data, string bucket, int port)
    {
        _process = process;
        Data = data;
        Bucket = bucket;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    public string Data { get; }
    public string Bucket { get; }
    public string Endpoint { get; }

    public static async Task<S3rverServer> StartAsync(string directory, string bucket)
    {
        var script = await EnsureInstalledAsync();
        var data = Directory.CreateDirectory(Path.Combine(directory, "s3rver-data")).FullName;
        var (process, match) = await ServerProcess.StartAsync(HostTools.Require("node"),
            [script, "-d", data, "-a", "127.0.0.1", "-p", "0", "--configure-bucket", bucket, "--silent"], ListeningLine(), TimeSpan.FromSeconds(30));
        return new S3rverServer(process, data, bucket, int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Installs s3rver once per machine; a lock file keeps parallel test processes from racing the install.</summary>
    private static async Task<string> EnsureInstalledAsync()
    {
        var home = Environment.GetEnvironmentVariable("S3RVER_HOME") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "redox-build-tests", $"s3rver-{Version}");
        var script = Path.Combine(home, "node_modules", "s3rver", "bin", "s3rver.js");
        if (File.Exists(script)) return script;

        Directory.CreateDirectory(home);
        await using var installLock = await AcquireLockAsync(Path.Combine(home, ".install.lock"));
        if (File.Exists(script)) return script;
        var install = Image.Disk.Tool.RunWithTimeout(TimeSpan.FromMinutes(5), "npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix", home, $"s3rver@{Version}");
        if (install.ExitCode != 0 || !File.Exists(script))
            throw new InvalidOperationException($"npm install s3rver@{Version} into {home} failed (exit {install.ExitCode}):\n{install.All}");
        return script;
    }

    private static async Task<FileStream> AcquireLockAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 600)
            {
                await Task.Delay(500);
            }
        }
    }

    public void Dispose() => _process.Dispose();

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
