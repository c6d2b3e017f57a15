using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace RedoxBuild.Benchmarks.Cache;

/// <summary>
/// The three remotes on 127.0.0.1 for the restore benchmark. The HTTP cache is a small HttpListener server here
/// (the benchmark project does not reference ASP.NET Core); the registry and s3rver are the same programs the
/// tests use.
/// </summary>
public sealed partial class BenchmarkServers : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<Process> _processes = [];
    private readonly string _directory;

    public BenchmarkServers(string directory)
    {
        _directory = directory;
        try
        {
            var port = FreePort();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            HttpUrl = $"http://127.0.0.1:{port}/cache";
            _ = Task.Run(ServeHttpAsync);

            var registryData = Directory.CreateDirectory(Path.Combine(directory, "registry")).FullName;
            var config = Path.Combine(directory, "registry.yml");
            File.WriteAllText(config, $"version: 0.1\nlog: {{ level: info, accesslog: {{ disabled: true }} }}\nstorage: {{ filesystem: {{ rootdirectory: {registryData} }} }}\nhttp: {{ addr: 127.0.0.1:0 }}\n");
            OciUrl = $"oci://127.0.0.1:{Start("docker-registry", ["serve", config])}/redox/benchmark";

            var s3rverData = Directory.CreateDirectory(Path.Combine(directory, "s3rver")).FullName;
            S3Endpoint = $"http://127.0.0.1:{Start("node", [S3rverScript(), "-d", s3rverData, "-a", "127.0.0.1", "-p", "0", "--configure-bucket", "bench", "--silent"])}";
            S3Url = "s3://bench/outputs";
        }
        catch
        {
            // A server that failed to start must not leave the others running.
            Dispose();
            throw;
        }
    }

    public string HttpUrl { get; }
    public string OciUrl { get; }
    public string S3Url { get; }
    public string S3Endpoint { get; }

    private async Task ServeHttpAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var path = Path.Combine(_directory, "http", context.Request.Url!.AbsolutePath.Trim('/'));
        var response = context.Response;
        try
        {
            switch (context.Request.HttpMethod)
            {
                case "PUT":
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    var temp = path + ".upload-" + Guid.NewGuid().ToString("N");
                    await using (var file = File.Create(temp)) await context.Request.InputStream.CopyToAsync(file);
                    File.Move(temp, path, overwrite: true);
                    response.StatusCode = 201;
                    break;
                case "GET" or "HEAD" when File.Exists(path):
                    response.ContentLength64 = new FileInfo(path).Length;
                    if (context.Request.HttpMethod == "GET")
                        await using (var file = File.OpenRead(path)) await file.CopyToAsync(response.OutputStream, 1 << 20);
                    break;
                default:
                    response.StatusCode = 404;
                    break;
            }
        }
        finally
        {
            response.Close();
        }
    }

    /// <summary>Starts a server that reports "listening on 127.0.0.1:PORT" and returns the port.</summary>
    private int Start(string program, string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = Process.Start(info)!;
        _processes.Add(process);
        var port = new TaskCompletionSource<int>();
        void Watch(string? line)
        {
            if (line is not null && ListeningLine().Match(line) is { Success: true } match) port.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        process.OutputDataReceived += (_, e) => Watch(e.Data);
        process.ErrorDataReceived += (_, e) => Watch(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return port.Task.WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
    }

    /// <summary>s3rver as the tests install it (~/.cache/redox-build-tests/s3rver-3.7.1 or $S3RVER_HOME), installed here if missing.</summary>
    private static string S3rverScript()
    {
        var home = Environment.GetEnvironmentVariable("S3RVER_HOME") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "redox-build-tests", "s3rver-3.7.1");
        var script = Path.Combine(home, "node_modules", "s3rver", "bin", "s3rver.js");
        if (File.Exists(script)) return script;
        using var npm = Process.Start(new ProcessStartInfo("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--prefix", home, "s3rver@3.7.1"]))!;
        if (!npm.WaitForExit(TimeSpan.FromMinutes(5)) || npm.ExitCode != 0) throw new InvalidOperationException("npm install s3rver@3.7.1 failed");
        return script;
    }

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        _listener.Close();
        foreach (var process in _processes)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            process.Dispose();
        }
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
