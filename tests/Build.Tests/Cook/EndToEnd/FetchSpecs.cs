using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.EndToEnd;

/// <summary>./build.sh Fetch: sources only, so it works before the toolchain exists (e.g. to prepare an offline build).</summary>
public class FetchSpecs : IDisposable
{
    private readonly CookFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [RequiresToolsFact("git")]
    public async Task Fetch_for_a_Redox_target_checks_out_sources_without_a_toolchain()
    {
        var (url, commit) = _fixture.GitSource("libgreet", "libgreet");
        _fixture.Recipe("libgreet", $"[source]\ngit = \"{url}\"\nrev = \"{commit}\"\n\n[build]\ntemplate = \"configure\"\n");

        var result = await BuildHarness.RunAsync(_fixture.Root,
            ["Fetch", "--recipe", "libgreet", "--target-triple", "x86_64-unknown-redox", "--recipes", _fixture.Recipes, "--source-cache", _fixture.Cache]);

        result.ExitCode.Should().Be(0, result.Out);
        GitRepo.Run(Path.Combine(_fixture.Root, "build", "sources", "libgreet"), "rev-parse", "HEAD").Trim().Should().Be(commit);
        Directory.Exists(Path.Combine(_fixture.Root, "prefix")).Should().BeFalse("Fetch installs no toolchain");
    }
}
