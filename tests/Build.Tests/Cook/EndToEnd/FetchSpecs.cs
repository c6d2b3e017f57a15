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

    [RequiresToolsFact("git")]
    public async Task A_checkout_keeps_working_after_the_shared_mirror_is_deleted()
    {
        var (url, commit) = _fixture.GitSource("libgreet", "libgreet");
        _fixture.Recipe("libgreet", $"[source]\ngit = \"{url}\"\nrev = \"{commit}\"\n\n[build]\ntemplate = \"configure\"\n");
        (await _fixture.RunAsync("Fetch", "--recipe", "libgreet")).ExitCode.Should().Be(0);
        var checkout = Path.Combine(_fixture.Root, "build", "sources", "libgreet");
        File.WriteAllText(Path.Combine(checkout, "greet.c"), "const char *greeting(void) { return \"mine\"; }\n");
        GitRepo.Run(checkout, "-c", "user.name=Ada Author", "-c", "user.email=ada@example.invalid", "commit", "--quiet", "-am", "My fix");

        Directory.Delete(_fixture.Cache, recursive: true);

        GitRepo.Run(checkout, "log", "--format=%s").Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().StartWith("My fix");
        GitRepo.Run(checkout, "fsck", "--no-dangling").Should().BeEmpty();
        File.Exists(Path.Combine(checkout, ".git", "objects", "info", "alternates")).Should().BeFalse("the checkout owns its objects");
        var extract = await _fixture.RunAsync("ExtractPatches", "--recipe", "libgreet");
        extract.ExitCode.Should().Be(0, extract.Out);
        File.ReadAllText(Directory.GetFiles(Path.Combine(_fixture.Root, "patches", "libgreet"), "*.patch").Single()).Should().Contain("+const char *greeting(void) { return \"mine\"; }");
        var fetch = await _fixture.RunAsync("Fetch", "--recipe", "libgreet");
        fetch.ExitCode.Should().Be(0, fetch.Out);
        File.ReadAllText(Path.Combine(checkout, "greet.c")).Should().Contain("mine");
    }

    [RequiresToolsFact("git")]
    public async Task Offline_a_populated_mirror_checks_out_without_reaching_the_upstream()
    {
        var (url, commit) = _fixture.GitSource("libgreet", "libgreet");
        _fixture.Recipe("libgreet", $"[source]\ngit = \"{url}\"\nrev = \"{commit}\"\n\n[build]\ntemplate = \"configure\"\n");
        (await _fixture.RunAsync("Fetch", "--recipe", "libgreet")).ExitCode.Should().Be(0);
        var checkout = Path.Combine(_fixture.Root, "build", "sources", "libgreet");
        Directory.Delete(checkout, recursive: true);
        // Any clone or fetch from the upstream would now fail: only the mirror can serve this fetch.
        Directory.Move(url, url + ".unreachable");

        var result = await _fixture.RunAsync("Fetch", "--recipe", "libgreet", "--offline");

        result.ExitCode.Should().Be(0, result.Out);
        GitRepo.Run(checkout, "rev-parse", "HEAD").Trim().Should().Be(commit);
    }

    [RequiresToolsFact("git")]
    public async Task Offline_without_a_mirror_stops_before_git_and_names_the_fix()
    {
        var (url, commit) = _fixture.GitSource("libgreet", "libgreet");
        _fixture.Recipe("libgreet", $"[source]\ngit = \"{url}\"\nrev = \"{commit}\"\n\n[build]\ntemplate = \"configure\"\n");

        var result = await _fixture.RunAsync("Fetch", "--recipe", "libgreet", "--offline");

        result.ExitCode.Should().NotBe(0);
        result.Out.Should().Contain(
            $"--offline: no mirror of {url} in {Path.Combine(_fixture.Cache, "git")} (needed by recipe libgreet); " +
            "run ./build.sh Fetch --recipe libgreet once with the network, or copy the source cache here.");
        result.Out.Should().NotContain("clone");
        Directory.Exists(Path.Combine(_fixture.Cache, "git")).Should().BeFalse("nothing was cloned");
        Directory.Exists(Path.Combine(_fixture.Root, "build", "sources", "libgreet")).Should().BeFalse();
    }

    [RequiresToolsFact("git")]
    public async Task Offline_a_mirror_without_the_pinned_commit_is_not_fetched()
    {
        var repo = GitRepo.Create(Path.Combine(_fixture.Root, "upstreams"), "libgreet");
        CookFixture.CopyFixture("libgreet", repo.Work);
        var first = repo.Commit("import libgreet");
        _fixture.Recipe("libgreet", $"[source]\ngit = \"{repo.Bare}\"\nrev = \"{first}\"\n\n[build]\ntemplate = \"configure\"\n");
        (await _fixture.RunAsync("Fetch", "--recipe", "libgreet")).ExitCode.Should().Be(0);
        var second = repo.Commit("second", ("NEWS", "more\n"));
        _fixture.Recipe("libgreet", $"[source]\ngit = \"{repo.Bare}\"\nrev = \"{second}\"\n\n[build]\ntemplate = \"configure\"\n");

        var result = await _fixture.RunAsync("Fetch", "--recipe", "libgreet", "--offline");

        result.ExitCode.Should().NotBe(0);
        result.Out.Should().Contain(
            $"--offline: the mirror of {repo.Bare} in {Path.Combine(_fixture.Cache, "git")} lacks commit {second} (needed by recipe libgreet); " +
            "run ./build.sh Fetch --recipe libgreet once with the network, or copy the source cache here.");
        GitRepo.Run(Path.Combine(_fixture.Root, "build", "sources", "libgreet"), "rev-parse", "HEAD").Trim().Should().Be(first);
    }
}
