using System.Diagnostics;

namespace RedoxBuild.Tests.Runners.Network;

/// <summary>
/// A network namespace the test owns (redox-test-XXXXXXXX) with an "uplink": one end of a veth pair carrying
/// 10.213.0.2/24 and the default route, so NetworkSetup has an outbound interface to masquerade through. Disposing it
/// kills every process still inside (dnsmasq, QEMU) by pid and deletes the namespace, also after a failed test.
/// </summary>
public sealed class TestNetworkNamespace : IAsyncDisposable
{
    public const string Uplink = "up0";

    private TestNetworkNamespace(string name) => Name = name;

    public string Name { get; }

    public static async Task<TestNetworkNamespace> CreateAsync()
    {
        var ns = new TestNetworkNamespace($"redox-test-{Guid.NewGuid():N}"[..19]);
        await RunAsync("ip", "netns", "add", ns.Name);
        try
        {
            await ns.ExecAsync("ip", "link", "set", "lo", "up");
            await ns.ExecAsync("ip", "link", "add", Uplink, "type", "veth", "peer", "name", Uplink + "p");
            await ns.ExecAsync("ip", "address", "add", "10.213.0.2/24", "dev", Uplink);
            await ns.ExecAsync("ip", "link", "set", Uplink, "up");
            await ns.ExecAsync("ip", "link", "set", Uplink + "p", "up");
            await ns.ExecAsync("ip", "route", "add", "default", "via", "10.213.0.1", "dev", Uplink);
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }
        return ns;
    }

    /// <summary>Runs a command inside the namespace; fails the test on a non-zero exit.</summary>
    public Task<string> ExecAsync(params string[] command) => RunAsync(["ip", "netns", "exec", Name, .. command]);

    /// <summary>Runs a command inside the namespace and returns its exit code and output, whatever the exit code.</summary>
    public Task<(int ExitCode, string Output)> TryExecAsync(params string[] command) => TryRunAsync(["ip", "netns", "exec", Name, .. command]);

    /// <summary>
    /// The rules of every table as iptables-save prints them, without comments, counters and table headers (a fresh
    /// namespace lists no tables at all, one whose rules were deleted lists them empty).
    /// </summary>
    public async Task<string> IptablesRulesAsync() =>
        string.Join('\n', (await ExecAsync("iptables-save")).Split('\n').Where(l => l.StartsWith("-A ", StringComparison.Ordinal)));

    public async Task<string> IpForwardAsync() => (await ExecAsync("sysctl", "-n", "net.ipv4.ip_forward")).Trim();

    public async ValueTask DisposeAsync()
    {
        var (_, pids) = await TryRunAsync("ip", "netns", "pids", Name);
        foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            await TryRunAsync("kill", "-KILL", pid);
        await TryRunAsync("ip", "netns", "delete", Name);
    }

    private static async Task<string> RunAsync(params string[] command)
    {
        var (code, output) = await TryRunAsync(command);
        code.Should().Be(0, $"'{string.Join(' ', command)}' should succeed: {output}");
        return output;
    }

    private static async Task<(int, string)> TryRunAsync(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output + await error);
    }
}
