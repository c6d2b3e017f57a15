using RedoxBuild.Engine;
using RedoxBuild.Runners.CloudHypervisor;
using RedoxBuild.Runners.Network;

namespace RedoxBuild.Tests.Runners.CloudHypervisor;

/// <summary>The real Build with the terminal and privileges the test chooses.</summary>
internal sealed class RunnerTestBuild(HostConsole console, HostPrivileges? privileges = null) : Build
{
    internal override HostConsole Terminal => console;
    internal override HostPrivileges Privileges => privileges ?? base.Privileges;
}

/// <summary>A terminal made of memory streams: input given up front, output kept for assertions.</summary>
internal sealed class TestConsole(string input = "", bool isTerminal = false)
{
    public MemoryStream Output { get; } = new();
    public MemoryStream Error { get; } = new();
    public HostConsole Create() => new(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(input)), Output, Error, isTerminal);

    public string OutputText => System.Text.Encoding.UTF8.GetString(Output.ToArray());
    public string ErrorText => System.Text.Encoding.UTF8.GetString(Error.ToArray());
}

internal static class RunnerHarness
{
    public sealed record Result(int ExitCode, string Out, Build Build);

    public static async Task<Result> RunAsync(string root, Build build, params string[] args)
    {
        var output = new StringWriter();
        var invocation = new BuildInvocation([.. args, "--no-logo"], new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "" },
            root, output, output, Interactive: false);
        var code = await BuildRunner.RunAsync(invocation, () => build);
        return new Result(code, output.ToString(), build);
    }
}
