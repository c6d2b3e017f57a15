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
            echo "$PPID" > "$dir/parent"
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

    /// <summary>The process that started the stand-in: the build.</summary>
    public int ParentPid => int.Parse(File.ReadAllText(Path.Combine(Directory, "parent")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Makes the stand-in record `stty -a` of its controlling terminal, as it is while the VM runs.</summary>
    public void RecordTerminal() => File.WriteAllText(Path.Combine(Directory, "tty"), "");

    public string TerminalDuringRun => File.ReadAllText(Path.Combine(Directory, "stty.during"));

    /// <summary>The value of an option such as --api-socket (the text after "path=").</summary>
    public string Option(string name) => Arguments.SkipWhile(a => a != name).Skip(1).First().Split(',')[0].Replace("path=", "", StringComparison.Ordinal);

    public async Task WaitUntilStartedAsync()
    {
        for (var i = 0; i < 600 && !File.Exists(Path.Combine(Directory, "started")); i++) await Task.Delay(50);
        File.Exists(Path.Combine(Directory, "started")).Should().BeTrue("the stand-in cloud-hypervisor should have started within 30 s");
    }

    public void Stop() => File.WriteAllText(Path.Combine(Directory, "stop"), "");
}
