using RedoxBuild.Doctor;
using RedoxBuild.Engine;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Spine;

/// <summary>Doctor tells the truth about this machine, and --for fails when a needed tool is missing.</summary>
public class DoctorSpecs : IDisposable
{
    private readonly string _root = BuildHarness.CreateTemporaryRoot();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>The real build plus one target that needs QEMU, the way runner targets will declare it.</summary>
    private sealed class BuildWithRunner : Build
    {
        [UsesTools(ToolFamily.Qemu)]
        Target Boot => _ => _.Executes(() => { });

        Target BootAll => _ => _.DependsOn(Boot);
    }

    private static async Task<(int Code, string Out, string Error)> Run(string root, string path, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var invocation = new BuildInvocation(args, new Dictionary<string, string> { ["PATH"] = path }, root, output, error, false);
        var code = await BuildRunner.RunAsync(invocation, () => new BuildWithRunner());
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Doctor_reports_each_tool_as_this_machine_really_has_it()
    {
        var (code, output, _) = await Run(_root, Environment.GetEnvironmentVariable("PATH")!, "Doctor");

        code.Should().Be(0, output);
        foreach (var tool in HostToolCatalog.All.Where(t => !t.IsFirmware))
        {
            var present = tool.Executables.Any(e => HostTools.Find(e) is not null);
            var row = output.Split('\n').Single(l => l.Contains($"  {tool.Name} ", StringComparison.Ordinal) && l.StartsWith(tool.Family.ToString(), StringComparison.Ordinal));
            row.Should().Contain(present ? "  ok  " : "  missing  ", $"{tool.Name} is {(present ? "" : "not ")}installed here");
        }
        if (HostTools.Find("git") is { } git)
        {
            var version = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(git, "--version") { RedirectStandardOutput = true })!;
            var text = (await version.StandardOutput.ReadToEndAsync()).Trim();
            output.Should().Contain($"{text} ({git})");
        }
    }

    [Fact]
    public async Task Doctor_for_a_target_fails_when_its_tools_are_missing_and_names_the_install_commands()
    {
        var emptyPath = Directory.CreateDirectory(Path.Combine(_root, "empty-bin")).FullName;

        var (code, output, _) = await Run(_root, emptyPath, "Doctor", "--for", "BootAll");

        code.Should().Be(1);
        output.Should().Contain("BootAll needs qemu-system-x86_64 and qemu-img")
            .And.Contain("  Debian/Ubuntu: apt-get install qemu-system-x86")
            .And.Contain("  Fedora:        dnf install qemu-system-x86")
            .And.Contain("  Arch:          pacman -S qemu-system-x86")
            .And.Contain("  macOS:         brew install qemu");
        output.Should().Contain("Qemu             qemu-system-x86_64  MISSING");
    }

    [RequiresToolsFact("qemu-system-x86_64", "qemu-img")]
    public async Task Doctor_for_a_target_succeeds_when_its_tools_are_present()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_root, "bin")).FullName;
        foreach (var tool in new[] { "qemu-system-x86_64", "qemu-img" })
            File.CreateSymbolicLink(Path.Combine(bin, tool), HostTools.Require(tool));

        var (code, output, _) = await Run(_root, bin, "Doctor", "--for", "Boot");

        if (FirmwareLocatorHasOvmf()) code.Should().Be(0, output);
        else code.Should().Be(1);
        output.Should().Contain("git                 missing").And.NotContain("MISSING  install: apt-get install qemu");
    }

    [RequiresToolsFact("git")]
    public async Task Doctor_in_a_dry_run_prints_its_version_probes_instead_of_running_them()
    {
        var (code, output, _) = await Run(_root, Environment.GetEnvironmentVariable("PATH")!, "Doctor", "--dry-run");

        code.Should().Be(0, output);
        output.Should().MatchRegex(@"\[dry-run\] \(cd \S+ && \S*/git --version\)");
        output.Should().NotContain("git version", "git was not run");
    }

    [Fact]
    public async Task Doctor_for_a_misspelled_target_suggests_the_target()
    {
        var (code, output, _) = await Run(_root, "/usr/bin:/bin", "Doctor", "--for", "DiskImag");

        code.Should().Be(2, "a misspelled target is a usage error, found before Doctor runs");
        output.Should().Contain("Target with name 'DiskImag' does not exist. Did you mean DiskImage? Run ./build.sh --help to list the targets.");
    }

    private static bool FirmwareLocatorHasOvmf() => RedoxBuild.Runners.FirmwareLocator.FindOvmf() is not null;
}
