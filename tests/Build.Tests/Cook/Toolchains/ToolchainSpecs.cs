using System.Security.Cryptography;
using RedoxBuild.Cook.Fetch;
using RedoxBuild.Cook.Scripting;
using RedoxBuild.Cook.Toolchains;
using RedoxBuild.Engine;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.Toolchains;

/// <summary>
/// The Redox prefix toolchain install, against a stand-in for static.redox-os.org on loopback serving small test
/// tarballs and their SHA256SUM (the real toolchains cannot be downloaded here); plus the Toolchain and Kernel dry runs.
/// </summary>
public class ToolchainSpecs : IDisposable
{
    private readonly string _root = BuildHarness.CreateTemporaryRoot();
    private readonly LoopbackFileServer _standInToolchainServer = new();

    public void Dispose()
    {
        _standInToolchainServer.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private string Serve(bool corruptClang = false)
    {
        var sums = new List<string>();
        foreach (var part in PrefixToolchain.Parts)
        {
            var tree = Path.Combine(_root, "tarballs", part, part);
            Directory.CreateDirectory(Path.Combine(tree, "bin"));
            File.WriteAllText(Path.Combine(tree, "bin", $"x86_64-unknown-redox-{part}"), $"#!/bin/sh\necho {part}\n");
            GitRepo.RunTool(Path.Combine(_root, "tarballs", part), "tar", "czf", Path.Combine(_root, $"{part}.tar.gz"), part);
            var bytes = File.ReadAllBytes(Path.Combine(_root, $"{part}.tar.gz"));
            sums.Add($"{Convert.ToHexStringLower(SHA256.HashData(bytes))}  {part}.tar.gz");
            if (corruptClang && part == "clang-install") bytes[^1] ^= 0xFF;
            _standInToolchainServer.Serve($"toolchain/{TargetPlatform.Host.Triple}/x86_64-unknown-redox/{part}.tar.gz", bytes);
        }
        _standInToolchainServer.Serve($"toolchain/{TargetPlatform.Host.Triple}/x86_64-unknown-redox/SHA256SUM", System.Text.Encoding.UTF8.GetBytes(string.Join("\n", sums) + "\n"));
        return _standInToolchainServer.Url("toolchain");
    }

    private PrefixToolchain Prefix(TestSession session) =>
        new(session.Processes, new Downloader(new HttpClient(), Path.Combine(_root, "cache"), session.Session.Logger, false), session.Session.Logger, _root);

    [RequiresToolsFact("tar")]
    public async Task The_prefix_tarballs_are_verified_extracted_merged_and_recorded()
    {
        var url = Serve();

        var record = await Prefix(new TestSession(_root)).InstallAsync(TargetPlatform.Redox, url, "nightly-2025-10-03", default);

        var prefix = Path.Combine(_root, "prefix", "x86_64-unknown-redox");
        foreach (var part in PrefixToolchain.Parts)
        {
            File.Exists(Path.Combine(prefix, part, "bin", $"x86_64-unknown-redox-{part}")).Should().BeTrue();
            File.Exists(Path.Combine(prefix, "sysroot", "bin", $"x86_64-unknown-redox-{part}")).Should().BeTrue();
        }
        record.Sha256.Keys.Should().BeEquivalentTo(PrefixToolchain.Parts);
        File.Exists(Path.Combine(prefix, "toolchain.json")).Should().BeTrue();
        var requests = _standInToolchainServer.Requests;

        await Prefix(new TestSession(_root)).InstallAsync(TargetPlatform.Redox, url, "nightly-2025-10-03", default);
        _standInToolchainServer.Requests.Should().Be(requests + 1, "an installed matching toolchain only re-reads SHA256SUM");
    }

    [RequiresToolsFact("tar")]
    public async Task A_tarball_that_does_not_match_SHA256SUM_is_refused_and_nothing_is_recorded()
    {
        var url = Serve(corruptClang: true);

        var act = () => Prefix(new TestSession(_root)).InstallAsync(TargetPlatform.Redox, url, "nightly-2025-10-03", default);

        (await act.Should().ThrowAsync<BuildFailure>()).Which.Message.Should().Contain("clang-install.tar.gz: SHA-256 mismatch");
        File.Exists(Path.Combine(_root, "prefix", "x86_64-unknown-redox", "toolchain.json")).Should().BeFalse();
    }

    [Fact]
    public async Task Toolchain_and_Kernel_dry_runs_print_rustup_the_downloads_and_the_kernels_make_install()
    {
        Directory.CreateDirectory(Path.Combine(_root, "recipes", "kernel"));
        File.WriteAllText(Path.Combine(_root, "recipes", "kernel", "recipe.toml"),
            File.ReadAllText(Path.Combine(RepoPaths.Root, "recipes", "core", "kernel", "recipe.toml")));

        var result = await BuildHarness.RunAsync(_root, ["Kernel", "--dry-run", "--source-cache", Path.Combine(_root, "cache")]);

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain("rustup toolchain install nightly-2025-10-03 --profile minimal --component rust-src --component rustfmt --target x86_64-unknown-redox")
            .And.Contain("download https://static.redox-os.org/toolchain/x86_64-unknown-linux-gnu/x86_64-unknown-redox/SHA256SUM")
            .And.Contain("clone --mirror --quiet https://gitlab.redox-os.org/redox-os/kernel")
            .And.Contain("install BUILD=\"${COOKBOOK_BUILD}\" DESTDIR=\"${COOKBOOK_STAGE}\"")
            .And.Contain("CC=x86_64-unknown-redox-gcc").And.Contain("[1/1] would cook kernel");
        Directory.Exists(Path.Combine(_root, "prefix")).Should().BeFalse();
    }
}
