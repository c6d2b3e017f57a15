using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.EndToEnd;

/// <summary>The local-patch loop on a real cook: edit and commit in the checkout, extract, cook again, prepare upstream.</summary>
public class PatchWorkflowSpecs : IDisposable
{
    private readonly CookFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [RequiresToolsFact("git", "make", "x86_64-linux-gnu-gcc")]
    public async Task Extracted_commits_are_cooked_as_they_are_and_PrepareUpstream_rebuilds_the_component()
    {
        var (url, commit) = _fixture.GitSource("libgreet", "libgreet");
        _fixture.Recipe("libgreet", $"[source]\ngit = \"{url}\"\nrev = \"{commit}\"\n\n[build]\ntemplate = \"configure\"\n");
        (await _fixture.CookAsync("--recipe", "libgreet")).ExitCode.Should().Be(0);

        var checkout = Path.Combine(_fixture.Root, "build", "sources", "libgreet");
        File.WriteAllText(Path.Combine(checkout, "greet.c"), "#include \"greet.h\"\nconst char *greeting(void) { return \"hello from a local fix\"; }\n");
        GitRepo.Run(checkout, "-c", "user.name=Ada Author", "-c", "user.email=ada@example.invalid", "commit", "--quiet", "-am", "Fix the greeting");

        var extract = await _fixture.RunAsync("ExtractPatches", "--recipe", "libgreet");
        extract.ExitCode.Should().Be(0, extract.Out);
        Directory.GetFiles(Path.Combine(_fixture.Root, "patches", "libgreet"), "*.patch").Should().ContainSingle();

        var cook = await _fixture.CookAsync("--recipe", "libgreet");
        cook.ExitCode.Should().Be(0, cook.Out);
        cook.Out.Should().NotContain("local edits");
        GitRepo.RunTool(_fixture.Root, "strings", Path.Combine(_fixture.Stage("libgreet"), "usr", "lib", "libgreet.a")).Should().Contain("hello from a local fix");

        var prepare = await _fixture.RunAsync("PrepareUpstream", "--recipe", "libgreet");
        prepare.ExitCode.Should().Be(0, prepare.Out);
        var report = File.ReadAllText(Path.Combine(_fixture.Root, "build", "upstream", "libgreet", "test-report.md"));
        report.Should().Contain("| Cook libgreet for x86_64-unknown-linux-gnu | passed |").And.Contain("| BootTest | skipped |");
    }
}
