using RedoxBuild.Cook.Scripting;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook;

/// <summary>--target-triple accepts Redox's architectures and the host, and refuses anything else before a target runs.</summary>
public sealed class TargetTripleSpecs : IDisposable
{
    private const string Supported =
        "Supported: x86_64-unknown-redox, i586-unknown-redox, aarch64-unknown-redox, riscv64gc-unknown-redox, x86_64-unknown-linux-gnu (native).";

    private readonly string _root = BuildHarness.CreateTemporaryRoot();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_nonsense_triple_fails_before_the_dry_run_plans_any_rustup_command()
    {
        var result = await BuildHarness.RunAsync(_root, ["Cook", "--recipe", "zlib", "--target-triple", "nonsense", "--dry-run"]);

        result.ExitCode.Should().Be(2, result.Out);
        (result.Out + result.Error).Should().Contain($"--target-triple nonsense is not a target this build cooks for. {Supported}")
            .And.NotContain("rustup").And.NotContain("[dry-run]");
    }

    [Fact]
    public async Task A_misspelled_Redox_triple_fails_Plan_with_the_closest_triple()
    {
        var result = await BuildHarness.RunAsync(_root, ["Plan", "--target-triple", "x86_64-unknown-redx"]);

        result.ExitCode.Should().Be(2, result.Out);
        (result.Out + result.Error).Should().Contain($"--target-triple x86_64-unknown-redx is not a target this build cooks for. Did you mean x86_64-unknown-redox? {Supported}");
    }

    [Theory]
    [InlineData("i686-unknown-redox", "i586-unknown-redox")]
    [InlineData("riscv64-unknown-redox", "riscv64gc-unknown-redox")]
    [InlineData("aarch64-unknown-redox-gnu", "aarch64-unknown-redox")]
    public async Task Upstreams_spellings_of_an_architecture_are_pointed_at_the_triple_it_uses(string given, string suggested)
    {
        var result = await BuildHarness.RunAsync(_root, ["--help", "--target-triple", given]);

        result.Build.TargetTripleProblem().Should().Contain($"Did you mean {suggested}?");
    }

    [Theory]
    [InlineData("x86_64-unknown-redox")]
    [InlineData("i586-unknown-redox")]
    [InlineData("aarch64-unknown-redox")]
    [InlineData("riscv64gc-unknown-redox")]
    [InlineData("x86_64-unknown-linux-gnu")]
    public async Task Redox_on_each_architecture_and_the_host_are_accepted(string triple)
    {
        var result = await BuildHarness.RunAsync(_root, ["--help", "--target-triple", triple]);

        result.Build.TargetTripleProblem().Should().BeNull();
    }

    [Fact]
    public void The_host_triple_is_always_supported()
    {
        TargetPlatform.Supported.Should().Contain(TargetPlatform.Host.Triple);
    }
}
