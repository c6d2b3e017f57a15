using RedoxBuild.Cook.Toolchains;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.Toolchains;

/// <summary>The real rustup of this machine, asked only what is installed (no network): installs happen only when something is missing.</summary>
public sealed class RustupToolchainSpecs : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("redox-rustup-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string InstalledToolchain() =>
        GitRepo.RunTool(Path.GetTempPath(), "rustup", "toolchain", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Split(' ')[0];

    private RustupToolchain Rustup(TestSession session) => new(session.Processes, session.Session.Logger, "rustup", _root);

    [RequiresToolsFact("rustup")]
    public async Task An_installed_toolchain_with_its_target_and_components_is_not_installed_again()
    {
        var session = new TestSession(_root);
        var request = new RustupRequest(InstalledToolchain(), "x86_64-unknown-linux-gnu", ["rustc", "cargo"]);

        (await Rustup(session).MissingAsync(request)).Should().BeEmpty();
        await Rustup(session).EnsureAsync(request);

        session.Log.Should().Contain("is installed with").And.NotContain("toolchain install");
    }

    [RequiresToolsFact("rustup")]
    public async Task A_missing_toolchain_target_or_component_is_named()
    {
        var session = new TestSession(_root);
        var installed = InstalledToolchain();

        (await Rustup(session).MissingAsync(new RustupRequest("nightly-1999-01-01", "x86_64-unknown-redox", ["rust-src"])))
            .Should().Equal("toolchain nightly-1999-01-01");
        (await Rustup(session).MissingAsync(new RustupRequest(installed, "x86_64-unknown-redox", ["rustc", "no-such-component"])))
            .Should().Equal("target x86_64-unknown-redox", "component no-such-component");
    }

    [Fact]
    public async Task A_dry_run_prints_the_install_command_without_asking_rustup_anything()
    {
        var session = new TestSession(_root, dryRun: true);

        await Rustup(session).EnsureAsync(new RustupRequest("nightly-2025-10-03", "x86_64-unknown-redox", ["rust-src", "rustfmt"]));

        session.Processes.Planned.Select(p => string.Join(' ', [Path.GetFileName(p.Program), .. p.Arguments])).Should().Equal(
            "rustup toolchain install nightly-2025-10-03 --profile minimal --component rust-src --component rustfmt --target x86_64-unknown-redox");
    }
}
