using RedoxBuild.Engine;
using RedoxBuild.Runners.CloudHypervisor;

namespace RedoxBuild.Tests.Runners.CloudHypervisor;

/// <summary>
/// A STAND-IN cloud-hypervisor executable for target tests (the real one cannot run here): a shell script that
/// records its arguments, what it saw of the disk copy and what arrived on its stdin, writes to the disk copy as a
/// guest would, prints a line on stdout and stderr, and then exits at once or, with <see cref="WaitForStop"/>, when
/// the test calls <see cref="Stop"/> (bounded to 60 s).
/// </summary>
public sealed class StandInVmm
{
    public StandInVmm(string directory, bool waitForStop = false)
    {
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
        WaitForStop = waitForStop;
        if (waitForStop) File.WriteAllText(Path.Combine(Directory, "wait"), "");
        Program = Path.Combine(Directory, "cloud-hypervisor");
        File.WriteAllText(Program, $$"""
            #!/bin/sh
            dir='{{Directory}}'
            printf '%s\n' "$@" > "$dir/argv"
            prev=
            disk=
            for a in "$@"; do
              if [ "$prev" = --disk ]; then disk=${a#path=}; disk=${disk%%,*}; fi
              prev=$a
            done
            if [ -n "$disk" ]; then
              cksum < "$disk" > "$dir/disk.cksum"
              if [ -w "$disk" ]; then echo yes > "$dir/disk.writable"; fi
              printf 'guest-wrote-this' | dd of="$disk" bs=1 conv=notrunc 2>/dev/null
            fi
            if [ -e "$dir/tty" ]; then stty -F /dev/tty -a > "$dir/stty.during" 2>&1; fi
            : > "$dir/started"
            cat > "$dir/stdin"
            echo "stand-in serial output"
            echo "stand-in error output" >&2
            if [ -e "$dir/wait" ]; then
              i=0
              while [ ! -e "$dir/stop" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
            fi
            : > "$dir/finished"
            """);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Directory { get; }
    public string Program { get; }
    public bool WaitForStop { get; }

    public IReadOnlyList<string> Arguments => File.ReadAllLines(Path.Combine(Directory, "argv"));
    public string Stdin => File.ReadAllText(Path.Combine(Directory, "stdin"));
    public string DiskChecksum => File.ReadAllText(Path.Combine(Directory, "disk.cksum")).Trim();
    public bool DiskWasWritable => File.Exists(Path.Combine(Directory, "disk.writable"));
    public bool Finished => File.Exists(Path.Combine(Directory, "finished"));

    /// <summary>The value of an option such as --api-socket (the text after "path=").</summary>
    public string Option(string name) => Arguments.SkipWhile(a => a != name).Skip(1).First().Split(',')[0].Replace("path=", "", StringComparison.Ordinal);

    public async Task WaitUntilStartedAsync()
    {
        for (var i = 0; i < 600 && !File.Exists(Path.Combine(Directory, "started")); i++) await Task.Delay(50);
        File.Exists(Path.Combine(Directory, "started")).Should().BeTrue("the stand-in cloud-hypervisor should have started within 30 s");
    }

    public void Stop() => File.WriteAllText(Path.Combine(Directory, "stop"), "");
}

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
