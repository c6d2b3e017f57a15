using System.Text.Json;
using RedoxBuild.Cook.Keys;
using RedoxBuild.Cook.Scripting;
using RedoxBuild.Cook.Toolchains;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.Toolchains;

/// <summary>
/// ./build.sh Toolchain --toolchain-from-source with fixture recipes standing in for Redox's libtool, binutils, gcc,
/// relibc and libstdc++ (see <see cref="SourceToolchainFixture"/>), built for real with the host's gcc and ar.
/// </summary>
public class SourceToolchainSpecs : IDisposable
{
    private readonly SourceToolchainFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private ToolchainRecord Record() => JsonSerializer.Deserialize<ToolchainRecord>(File.ReadAllText(_fixture.RecordFile))!;

    private static void Succeeded(BuildHarness.Result result) => result.ExitCode.Should().Be(0, result.Out + result.Error);

    [Fact]
    public async Task A_dry_run_prints_the_cooks_in_upstreams_order_and_every_merge_command()
    {
        var result = await _fixture.RunAsync("--dry-run");

        Succeeded(result);
        var sysroot = _fixture.Sysroot;
        var freestanding = Path.Combine(_fixture.Prefix, "gcc-freestanding-install");
        var expectedInOrder = new[]
        {
            "rustup toolchain install nightly-2025-10-03 --profile minimal --component rust-src --component rustfmt --target x86_64-unknown-redox",
            "would cook host:libtool", "would cook host:binutils-gdb", "would cook host:gcc13",
            $"cp -a {_fixture.Stages}/", $"/stage/usr/. {freestanding}.partial",
            $"mv {freestanding}.partial {freestanding}",
            "would cook relibc", "would cook libstdcxx-v3",
            $"mkdir -p {sysroot}.partial/x86_64-unknown-redox)",
            $"/stage/usr/. {sysroot}.partial/x86_64-unknown-redox)",
            $"ln -sfn ../include {sysroot}.partial/x86_64-unknown-redox/usr/include",
            $"ln -sfn ../lib {sysroot}.partial/x86_64-unknown-redox/usr/lib",
            $"sed -i 's|/usr/share|{sysroot}/share|g' {sysroot}.partial/bin/libtoolize",
            $"mv {sysroot}.partial {sysroot}",
            "toolchain.json naming the key of every stage",
        };
        var position = 0;
        foreach (var expected in expectedInOrder)
        {
            var found = result.Out.IndexOf(expected, position, StringComparison.Ordinal);
            found.Should().BeGreaterThanOrEqualTo(0, $"\"{expected}\" comes after what precedes it in the dry run:\n{result.Out}");
            position = found + expected.Length;
        }
        result.Out.Should().Contain("COOKBOOK_CROSS_GNU_TARGET");
        Directory.Exists(_fixture.Prefix).Should().BeFalse("a dry run touches nothing");
        File.Exists(_fixture.RustupLog).Should().BeFalse();
    }

    [RequiresToolsFact("gcc", "ar", "nm")]
    public async Task Cooking_from_source_merges_every_stage_into_the_sysroot_and_records_their_keys()
    {
        var result = await _fixture.RunAsync();

        Succeeded(result);
        File.ReadAllLines(_fixture.RustupLog).Should().Equal("toolchain list",
            "toolchain install nightly-2025-10-03 --profile minimal --component rust-src --component rustfmt --target x86_64-unknown-redox");
        var sysroot = _fixture.Sysroot;
        var gnu = Path.Combine(sysroot, "x86_64-unknown-redox");
        GitRepo.RunTool(sysroot, Path.Combine(sysroot, "bin", "x86_64-unknown-redox-gcc"), "--version").Should().Contain("gcc");
        File.Exists(Path.Combine(sysroot, "bin", "x86_64-unknown-redox-ld")).Should().BeTrue();
        GitRepo.RunTool(sysroot, "nm", Path.Combine(gnu, "lib", "libc.a")).Should().Contain("T relibc_fixture_answer");
        File.Exists(Path.Combine(gnu, "include", "relibc_fixture.h")).Should().BeTrue();
        new FileInfo(Path.Combine(gnu, "usr", "include")).LinkTarget.Should().Be("../include");
        new FileInfo(Path.Combine(gnu, "usr", "lib")).LinkTarget.Should().Be("../lib");
        GitRepo.RunTool(sysroot, "nm", Path.Combine(sysroot, "lib", "gcc", "x86_64-unknown-redox", "13.2.0", "libgcc.a")).Should().Contain("U relibc_fixture_answer");
        File.Exists(Path.Combine(gnu, "lib", "libstdc++.a")).Should().BeTrue();
        File.ReadAllText(Path.Combine(sysroot, "share", "binutils-fixture", "environment")).Trim().Should().Be("/usr x86_64-unknown-redox x86_64-unknown-redox");
        File.ReadAllText(Path.Combine(sysroot, "bin", "libtoolize")).Should().Contain($"cat {sysroot}/share/libtool/aux.txt");

        var record = Record();
        record.Source.Should().Be("from-source");
        record.Target.Should().Be("x86_64-unknown-redox");
        record.StageKeys!.Keys.Should().Equal("host:libtool", "host:binutils-gdb", "host:gcc13", "relibc", "libstdcxx-v3");
        foreach (var key in record.StageKeys.Values) Directory.Exists(Path.Combine(_fixture.Stages, key, "stage", "usr")).Should().BeTrue();
        Directory.GetFileSystemEntries(_fixture.Prefix).Select(Path.GetFileName).Should().BeEquivalentTo("sysroot", "toolchain.json");
        var binutilsKey = ContentKey.FromJson(File.ReadAllText(Path.Combine(_fixture.Root, "build", "work", TargetPlatform.Host.Triple, "binutils-gdb", "key.json")));
        binutilsKey.Inputs.Should().ContainEquivalentOf(new KeyInput("environment",
            "COOKBOOK_CROSS_GNU_TARGET=x86_64-unknown-redox\nCOOKBOOK_CROSS_TARGET=x86_64-unknown-redox\nCOOKBOOK_HOST_SYSROOT=/usr"));
        var relibcKey = ContentKey.FromJson(File.ReadAllText(Path.Combine(_fixture.Root, "build", "work", "x86_64-unknown-redox", "relibc", "key.json")));
        relibcKey.Inputs.Single(i => i.Name == "toolchain").Value.Should().StartWith("bootstrap:");
    }

    [RequiresToolsFact("gcc", "ar", "nm")]
    public async Task A_second_run_with_nothing_changed_touches_nothing()
    {
        Succeeded(await _fixture.RunAsync());
        var recordBefore = File.ReadAllBytes(_fixture.RecordFile);
        var recordWritten = File.GetLastWriteTimeUtc(_fixture.RecordFile);
        var marker = Path.Combine(_fixture.Sysroot, "marker-left-by-the-test");
        File.WriteAllText(marker, "a replaced sysroot would lose this");
        var stages = Directory.GetDirectories(_fixture.Stages).Order().ToList();

        var second = await _fixture.RunAsync();

        Succeeded(second);
        second.Out.Should().Contain("toolchain built from source is installed and its stages are unchanged").And.NotContain("cooking");
        File.ReadAllBytes(_fixture.RecordFile).Should().Equal(recordBefore);
        File.GetLastWriteTimeUtc(_fixture.RecordFile).Should().Be(recordWritten);
        File.Exists(marker).Should().BeTrue();
        Directory.GetDirectories(_fixture.Stages).Order().Should().Equal(stages);
    }

    [RequiresToolsFact("gcc", "ar", "nm")]
    public async Task Changing_binutils_changes_the_toolchain_identity_and_relibcs_key()
    {
        Succeeded(await _fixture.RunAsync());
        var before = Record().StageKeys!;
        var identityBefore = await new ToolchainIdentity(new TestSession(_fixture.Root).Processes, _fixture.Root).ForAsync(TargetPlatform.Redox);
        _fixture.AppendToScript("binutils-gdb", "echo 'binutils 2.43.1 with one more patch' > \"${COOKBOOK_STAGE}/usr/share/binutils-fixture/version\"");

        var result = await _fixture.RunAsync();

        Succeeded(result);
        var after = Record().StageKeys!;
        after["host:libtool"].Should().Be(before["host:libtool"]);
        foreach (var changed in new[] { "host:binutils-gdb", "host:gcc13", "relibc", "libstdcxx-v3" })
            after[changed].Should().NotBe(before[changed], $"{changed} is built with the changed binutils");
        var identityAfter = await new ToolchainIdentity(new TestSession(_fixture.Root).Processes, _fixture.Root).ForAsync(TargetPlatform.Redox);
        identityAfter.Should().NotBe(identityBefore, "every Redox recipe's key includes the toolchain record");
        File.ReadAllText(Path.Combine(_fixture.Sysroot, "share", "binutils-fixture", "version")).Should().Contain("one more patch");
    }

    [RequiresToolsFact("gcc", "ar", "nm")]
    public async Task A_failure_midway_leaves_no_sysroot_or_record_and_the_next_run_finishes_from_the_cached_stages()
    {
        _fixture.AppendToScript("relibc", "echo 'relibc: the fixture fails here' >&2\nexit 3");

        var failed = await _fixture.RunAsync();

        failed.ExitCode.Should().NotBe(0);
        (failed.Out + failed.Error).Should().Contain("relibc failed");
        File.Exists(_fixture.RecordFile).Should().BeFalse();
        Directory.Exists(_fixture.Sysroot).Should().BeFalse();
        Directory.Exists(_fixture.Sysroot + ".partial").Should().BeFalse("the sysroot is only assembled once every stage is cooked");

        _fixture.Recipe("relibc", File.ReadAllText(Path.Combine(_fixture.Recipes, "relibc", "recipe.toml"))
            .Replace("echo 'relibc: the fixture fails here' >&2\nexit 3\n", "", StringComparison.Ordinal));
        var fixedRun = await _fixture.RunAsync();

        Succeeded(fixedRun);
        fixedRun.Out.Should().Contain("2 of 4 recipes are up to date; 2 to cook: relibc, libstdcxx-v3");
        Record().StageKeys!.Keys.Should().HaveCount(5);
        Directory.Exists(Path.Combine(_fixture.Prefix, "gcc-freestanding-install")).Should().BeFalse();
    }

    [RequiresToolsFact("gcc", "ar", "nm")]
    public async Task A_failed_rebuild_keeps_the_installed_sysroot_and_the_record_that_describes_it()
    {
        Succeeded(await _fixture.RunAsync());
        var record = File.ReadAllBytes(_fixture.RecordFile);
        _fixture.AppendToScript("libstdcxx-v3", "exit 4");

        var failed = await _fixture.RunAsync();

        failed.ExitCode.Should().NotBe(0);
        File.ReadAllBytes(_fixture.RecordFile).Should().Equal(record);
        File.Exists(Path.Combine(_fixture.Sysroot, "x86_64-unknown-redox", "lib", "libc.a")).Should().BeTrue();
        Directory.Exists(_fixture.Sysroot + ".partial").Should().BeFalse();
    }
}
