using System.Diagnostics;
using RedoxBuild.CliWrap;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Runners.CloudHypervisor;

/// <summary>
/// The serial console on a real terminal: the compiled build runs inside a pseudo-terminal made by script(1), with
/// the stand-in cloud-hypervisor. While the VM runs the terminal is raw (stty raw -echo); afterwards it is restored,
/// whether the VM is stopped with Ctrl+] or the build gets SIGINT.
/// </summary>
public sealed class TerminalSpecs : IDisposable
{
    private readonly string _root = BuildHarness.CreateTemporaryRoot();

    public TerminalSpecs()
    {
        Directory.CreateDirectory(Path.Combine(_root, "build", "images", "default"));
        File.WriteAllBytes(Path.Combine(_root, "build", "images", "default", "harddrive.img"), new byte[65536]);
        File.WriteAllText(Path.Combine(_root, "CLOUDHV.fd"), "stand-in firmware");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string After => Path.Combine(_root, "after.txt");
    private string ExitCodeFile => Path.Combine(_root, "rc.txt");

    /// <summary>script(1) running the build on a fresh pty, then recording the pty's settings and the build's exit code.</summary>
    private Process StartOnTerminal(StandInVmm vmm)
    {
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var build = string.Join(' ', new[]
        {
            dotnet, Path.Combine(AppContext.BaseDirectory, "_build.dll"), "RunCloud", "--root", _root, "--no-logo",
            "--firmware", Path.Combine(_root, "CLOUDHV.fd"), "--cloud-hypervisor-binary", vmm.Program,
        }.Select(ShellQuoting.Quote));
        var shell = $"{build}; echo $? > {ShellQuoting.Quote(ExitCodeFile)}; stty -a > {ShellQuoting.Quote(After)}";
        var start = new ProcessStartInfo("script", ["-q", "-e", "-c", shell, "/dev/null"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    private static async Task WaitForAsync(Process process)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    private static string[] Words(string stty) => stty.Split([' ', '\n', ';'], StringSplitOptions.RemoveEmptyEntries);

    [RequiresToolsFact("script", "stty")]
    public async Task The_terminal_is_raw_while_the_VM_runs_keys_reach_it_and_Ctrl_close_bracket_restores_it()
    {
        var vmm = new StandInVmm(Path.Combine(_root, "vmm"), waitForStop: true);
        vmm.RecordTerminal();
        using var script = StartOnTerminal(vmm);
        try
        {
            await vmm.WaitUntilStartedAsync();
            Words(vmm.TerminalDuringRun).Should().Contain(["-icanon", "-echo", "-isig"]);

            await script.StandardInput.WriteAsync("hi");
            await script.StandardInput.FlushAsync();
            for (var i = 0; i < 200 && !(File.Exists(Path.Combine(vmm.Directory, "stdin")) && vmm.Stdin == "hi"); i++) await Task.Delay(50);
            vmm.Stdin.Should().Be("hi", "keys reach the VM one by one, without waiting for Enter");

            await script.StandardInput.WriteAsync('\u001d');
            await script.StandardInput.FlushAsync();
            await WaitForAsync(script);
        }
        finally
        {
            if (!script.HasExited) script.Kill(entireProcessTree: true);
        }

        File.ReadAllText(ExitCodeFile).Trim().Should().Be("0");
        Words(File.ReadAllText(After)).Should().Contain(["icanon", "echo", "isig"]).And.NotContain(["-icanon", "-echo"]);
        vmm.Finished.Should().BeFalse("Ctrl+] killed the VM");
    }

    [RequiresToolsFact("script", "stty")]
    public async Task SIGINT_to_the_build_kills_the_VM_and_still_restores_the_terminal()
    {
        var vmm = new StandInVmm(Path.Combine(_root, "vmm"), waitForStop: true);
        vmm.RecordTerminal();
        using var script = StartOnTerminal(vmm);
        try
        {
            await vmm.WaitUntilStartedAsync();
            Words(vmm.TerminalDuringRun).Should().Contain(["-icanon", "-echo"]);

            using (var kill = Process.Start("kill", ["-INT", vmm.ParentPid.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            await WaitForAsync(script);
        }
        finally
        {
            if (!script.HasExited) script.Kill(entireProcessTree: true);
        }

        File.ReadAllText(ExitCodeFile).Trim().Should().Be("1", "the target was cancelled");
        Words(File.ReadAllText(After)).Should().Contain(["icanon", "echo"]).And.NotContain(["-icanon", "-echo"]);
        vmm.Finished.Should().BeFalse();
        Directory.EnumerateFileSystemEntries(Path.Combine(_root, "build", "work", "vm-runs")).Should().BeEmpty();
    }
}
