using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RedoxBuild.Tests.Cache.Servers;

/// <summary>
/// A server the fixture starts and always kills: its output is collected, and the port it chose (the fixtures
/// ask for port 0, so parallel test runs never collide) is read from its "listening on" line.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServerProcess(Process process) => _process = process;

    public string Output => string.Join("\n", _output);

    public static async Task<(ServerProcess Server, Match Listening)> StartAsync(
        string program, IEnumerable<string> arguments, Regex listening, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;

        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process);
        void OnLine(string? line)
        {
            if (line is null) return;
            server._output.Enqueue(line);
            if (listening.Match(line) is { Success: true } match) found.TrySetResult(match);
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => found.TrySetException(new InvalidOperationException($"{program} exited early:\n{server.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var match = await found.Task.WaitAsync(timeout);
            return (server, match);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            server.Dispose();
            throw new InvalidOperationException($"{program} did not report that it listens within {timeout.TotalSeconds} s. Output:\n{server.Output}", e);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
    }
}
