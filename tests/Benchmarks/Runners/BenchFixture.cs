using System.Diagnostics;
using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using RedoxBuild.Image.Disk;
using Serilog;

namespace RedoxBuild.Benchmarks.Runners;

/// <summary>
/// What the boot benchmarks share: a fixture disk whose BOOTX64.EFI (the test suite's gnu-efi script app) prints a
/// marker and hangs, a quiet build session for Processes, and a bare "read stdout until the marker" loop.
/// </summary>
internal sealed class BenchFixture : IDisposable
{
    public const string Marker = "BENCH-MARKER";
    private const long MiB = 1024 * 1024;

    public BenchFixture()
    {
        Dir = Directory.CreateTempSubdirectory("redox-boot-bench-").FullName;
        Directory.CreateDirectory(Path.Combine(Dir, ".nuke"));
        var environment = new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "" };
        Session = new BuildSession
        {
            RootDirectory = AbsolutePath.Create(Dir),
            WorkingDirectory = Dir,
            Environment = environment,
            Host = Host.Create(HostKind.Terminal, environment, TextWriter.Null),
            Logger = new LoggerConfiguration().CreateLogger(), // silent: logging cost is the harness's, sinks are not
            Secrets = new SecretRedactor(),
            CancellationToken = CancellationToken.None,
            Out = TextWriter.Null,
            ExecutingTarget = new ExecutingTargetContext(),
        };
    }

    public string Dir { get; }
    public AbsolutePath Root => AbsolutePath.Create(Dir);
    public BuildSession Session { get; }

    /// <summary>Compiles the script app (prints the marker, then hangs) and writes a 48 MiB GPT disk with it on the ESP.</summary>
    public string WriteImage()
    {
        var source = Path.Combine(RepoRoot(), "tests/Build.Tests/Runners/BootTest/Fixtures/script-app.c");
        File.WriteAllText(Path.Combine(Dir, "script.inc"), $"say(L\"{Marker}\");\n");
        string Out(string name) => Path.Combine(Dir, name);
        Run("gcc", "-I/usr/include/efi", "-I/usr/include/efi/x86_64", $"-I{Dir}", "-fpic", "-ffreestanding", "-fno-stack-protector", "-fno-stack-check",
            "-fshort-wchar", "-mno-red-zone", "-maccumulate-outgoing-args", "-DEFI_FUNCTION_WRAPPER", "-c", source, "-o", Out("app.o"));
        Run("ld", "-shared", "-Bsymbolic", "-L/usr/lib", "-T/usr/lib/elf_x86_64_efi.lds", "/usr/lib/crt0-efi-x86_64.o", Out("app.o"), "-o", Out("app.so"), "-lgnuefi", "-lefi");
        Run("objcopy", "-j", ".text", "-j", ".sdata", "-j", ".data", "-j", ".rodata", "-j", ".dynamic", "-j", ".dynsym", "-j", ".rel", "-j", ".rela",
            "-j", ".rel.*", "-j", ".rela.*", "-j", ".reloc", "--target", "efi-app-x86_64", "--subsystem=10", Out("app.so"), Out("BOOTX64.EFI"));

        var identity = new ImageIdentity("boot-bench", 1_700_000_000);
        var layout = RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(48 * MiB, identity) { EfiPartitionSizeMiB = 40 });
        var esp = FatVolume.Create(FatVolumeOptions.ForPartition(layout.Partition(RedoxDiskLayout.EfiPartition), identity),
            new FatTreeBuilder().AddHostFile("EFI/BOOT/BOOTX64.EFI", Out("BOOTX64.EFI")).Build());
        DiskImageWriter.Write(new DiskImageRequest(Out("disk.img"), layout) { Contents = [new FatPartitionContent(RedoxDiskLayout.EfiPartition, esp)] });
        return Out("disk.img");
    }

    /// <summary>
    /// The baseline: start the program with stdout piped, scan raw chunks for the marker, kill the tree and wait.
    /// Returns the time from Process.Start to the marker.
    /// </summary>
    public static TimeSpan BareUntilMarker(string program, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info)!;
        _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        try
        {
            var stdout = process.StandardOutput.BaseStream;
            var buffer = new byte[16 * 1024];
            var seen = new System.Text.StringBuilder();
            int read;
            while ((read = stdout.Read(buffer, 0, buffer.Length)) > 0)
            {
                seen.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, read));
                if (seen.ToString().Contains(Marker, StringComparison.Ordinal)) return Stopwatch.GetElapsedTime(started);
            }
            throw new InvalidOperationException($"{program} ended without printing {Marker}: {seen}");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RedoxBuild.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No RedoxBuild.slnx above {AppContext.BaseDirectory}");
    }

    public static void Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var errors = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(); throw new TimeoutException($"{tool} took over 2 minutes"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} exited {p.ExitCode}: {errors}");
    }
}
