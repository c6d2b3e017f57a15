using RedoxBuild.Cook.Scripting;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook;

/// <summary>
/// The cookbook_* helpers build real projects with the real compilers, on the host triple: the same environment
/// wiring a Redox cross build uses (CC=x86_64-linux-gnu-gcc, CARGO_TARGET_..._LINKER, staged install).
/// </summary>
public class CookbookHelperSpecs : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("redox-helpers-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private async Task<CookPaths> Build(string fixture, string templateScript, TestSession? session = null)
    {
        session ??= new TestSession(_temp);
        var source = Path.Combine(_temp, "source");
        CopyDirectory(Path.Combine(RepoPaths.Root, "tests", "Build.Tests", "Cook", "Fixtures", fixture), source);
        var work = Path.Combine(_temp, "work");
        var paths = new CookPaths(_temp, Path.Combine(_temp, "recipe"), source, Path.Combine(work, "build"), Path.Combine(work, "stage"),
            Path.Combine(work, "sysroot"), Path.Combine(work, "toolchain"), Path.Combine(work, "cook.log"));
        var settings = new CookSettings(TargetPlatform.Host, Jobs: 2, Offline: true);
        await new ScriptRunner(session.Processes, Path.Combine(_temp, "helpers"), session.Session.Logger).RunAsync("hello", paths, settings, templateScript, Environment.GetEnvironmentVariable("PATH")!);
        return paths;
    }

    private static string RunBinary(string path)
    {
        var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(path) { RedirectStandardOutput = true })!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output.Trim();
    }

    private static bool HasSymbolTable(string path) =>
        GitRepoFreeRun("readelf", "-S", path).Contains(".symtab", StringComparison.Ordinal);

    private static string GitRepoFreeRun(string program, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output;
    }

    [RequiresToolsFact("make", "x86_64-linux-gnu-gcc")]
    public async Task Cookbook_configure_configures_out_of_tree_builds_and_installs_into_the_stage()
    {
        var paths = await Build("c-configure", "cookbook_configure");

        var binary = Path.Combine(paths.Stage, "usr", "bin", "hello-configure");
        RunBinary(binary).Should().Be("hello from configure");
        HasSymbolTable(binary).Should().BeFalse("the postscript strips installed binaries");
        var log = File.ReadAllText(paths.Log);
        log.Should().Contain("configured for host 'x86_64-linux-gnu' with prefix '/usr'").And.Contain("x86_64-linux-gnu-gcc");
        File.Exists(Path.Combine(paths.Build, "Makefile")).Should().BeTrue("the build is out of tree");
        File.Exists(Path.Combine(paths.Source, "Makefile")).Should().BeFalse();
    }

    [RequiresToolsFact("cmake", "ninja", "x86_64-linux-gnu-gcc")]
    public async Task Cookbook_cmake_builds_with_ninja_and_installs_into_the_stage()
    {
        var paths = await Build("cmake-hello", "cookbook_cmake");

        RunBinary(Path.Combine(paths.Stage, "usr", "bin", "hello-cmake")).Should().Be("hello from cmake");
    }

    [RequiresToolsFact("meson", "ninja", "x86_64-linux-gnu-gcc")]
    public async Task Cookbook_meson_builds_and_installs_into_the_stage()
    {
        var paths = await Build("meson-hello", "cookbook_meson");

        RunBinary(Path.Combine(paths.Stage, "usr", "bin", "hello-meson")).Should().Be("hello from meson");
    }

    [RequiresToolsFact("cargo", "x86_64-linux-gnu-gcc")]
    public async Task Cookbook_cargo_installs_the_crate_with_the_target_linker_offline()
    {
        var paths = await Build("cargo-hello", "cookbook_cargo");

        RunBinary(Path.Combine(paths.Stage, "usr", "bin", "hello-cargo")).Should().Be("hello from cargo");
        File.ReadAllText(paths.Log).Should().Contain("--target x86_64-unknown-linux-gnu --no-track --offline --locked");
        Directory.Exists(Path.Combine(paths.Build, "target", "x86_64-unknown-linux-gnu", "release")).Should().BeTrue("CARGO_TARGET_DIR is in the build directory");
    }

    [RequiresToolsFact("cargo")]
    public async Task Cookbook_cargo_packages_copies_named_binaries()
    {
        var paths = await Build("cargo-hello", "cookbook_cargo_packages hello-cargo");

        RunBinary(Path.Combine(paths.Stage, "usr", "bin", "hello-cargo")).Should().Be("hello from cargo");
    }

    [Fact]
    public async Task A_failing_script_reports_its_exit_code_and_log_tail_and_keeps_the_full_log()
    {
        var act = () => Build("c-configure", "echo about to fail; false");

        var failure = (await act.Should().ThrowAsync<Engine.ToolFailure>()).Which;
        failure.Message.Should().Contain("exited with code 1").And.Contain("Full log:").And.Contain("about to fail");
    }

    [Fact]
    public async Task A_dry_run_prints_the_script_invocation_with_the_cross_environment_and_runs_nothing()
    {
        var session = new TestSession(_temp, dryRun: true);

        var paths = await Build("c-configure", "cookbook_configure", session);

        Directory.Exists(paths.Stage).Should().BeFalse();
        var line = session.Processes.Planned.Single().ShellLine;
        line.Should().Contain("CC=x86_64-linux-gnu-gcc").And.Contain("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER=x86_64-linux-gnu-gcc")
            .And.Contain("TARGET=x86_64-unknown-linux-gnu").And.Contain("-u RUSTFLAGS").And.EndWith("build-script.sh)");
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = file.Replace(from, to, StringComparison.Ordinal);
            File.Copy(file, target);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
    }
}
