using System.Diagnostics;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Spine;

/// <summary>build.sh, run for real: it finds the SDK, builds only when sources changed, and explains a missing SDK.</summary>
public class BootstrapSpecs
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "build.sh");
    private static readonly string Assembly = Path.Combine(RepoPaths.Root, "build", "bin", "Debug", "net10.0", "_build.dll");

    private static (int Code, string Out, string Error) Run(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        start.ArgumentList.Add(Script);
        foreach (var a in args) start.ArgumentList.Add(a);
        if (environment is not null)
        {
            start.Environment.Clear();
            foreach (var (k, v) in environment) start.Environment[k] = v;
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) process.Kill(entireProcessTree: true);
        return (process.ExitCode, output.Result, error.Result);
    }

    [RequiresToolsFact("dotnet")]
    public void A_second_help_does_not_rebuild_the_build_program()
    {
        var first = Run(null, "--help");
        first.Code.Should().Be(0, first.Error);
        var writtenAt = File.GetLastWriteTimeUtc(Assembly);

        var second = Run(null, "--help");

        second.Code.Should().Be(0, second.Error);
        second.Out.Should().Contain("Targets (with their direct dependencies):").And.NotContain("Build succeeded");
        File.GetLastWriteTimeUtc(Assembly).Should().Be(writtenAt, "nothing changed, so build.sh must not run dotnet build");
    }

    [Fact]
    public void Without_an_SDK_and_without_internet_the_script_names_what_to_install()
    {
        // A PATH with the shell utilities build.sh uses, but no dotnet, curl or wget; HOME without ~/.dotnet.
        var sandbox = Directory.CreateTempSubdirectory("redox-bootstrap-").FullName;
        try
        {
            var bin = Directory.CreateDirectory(Path.Combine(sandbox, "bin")).FullName;
            foreach (var tool in new[] { "bash", "dirname", "mkdir", "sed", "head", "cat", "cut", "find", "sort", "tr", "xargs", "sha256sum" })
                if (HostTools.Find(tool) is { } path) File.CreateSymbolicLink(Path.Combine(bin, tool), path);

            var result = Run(new Dictionary<string, string> { ["PATH"] = bin, ["HOME"] = sandbox }, "--help");

            result.Code.Should().Be(1);
            result.Error.Should().Contain("the .NET SDK 10 was not found (looked at $DOTNET_EXE, PATH, ~/.dotnet")
                .And.Contain("Debian / Ubuntu: apt-get install dotnet-sdk-10.0")
                .And.Contain("Fedora:          dnf install dotnet-sdk-10.0")
                .And.Contain("Arch:            pacman -S dotnet-sdk")
                .And.Contain("macOS:           brew install --cask dotnet-sdk");
        }
        finally
        {
            Directory.Delete(sandbox, recursive: true);
        }
    }

    [Fact]
    public void A_DOTNET_EXE_that_is_not_an_SDK_is_refused()
    {
        var result = Run(new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["DOTNET_EXE"] = "/bin/false", ["HOME"] = Path.GetTempPath() }, "--help");

        result.Code.Should().Be(1);
        result.Error.Should().Contain("DOTNET_EXE=/bin/false is not a usable .NET SDK 10 (see global.json).");
    }
}
