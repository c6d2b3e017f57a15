using RedoxBuild.Engine.Tests.Support;

namespace RedoxBuild.Engine.Tests.Parameters;

/// <summary>[Secret] parameters: bound from any source, never printed, and a warning when the source is one that leaks.</summary>
public class SecretParameterSpecs : IDisposable
{
    private readonly TestRun _run = new();

    public void Dispose() => _run.Dispose();

    private sealed class Params : NukeBuild
    {
        [Parameter("API token"), Secret] public string? GitHubToken;

        Target Show => _ => _.Executes(() => Logger.Information("token is {Token} and again " + GitHubToken, GitHubToken));
    }

    private async Task<Params> Bind(params string[] args)
    {
        var build = new Params();
        var code = await _run.RunAsync(build, ["Show", .. args]);
        code.Should().Be(0, _run.Error + _run.Out);
        return build;
    }

    [Fact]
    public async Task Secret_values_never_reach_the_output()
    {
        _run.Environment["GITHUB_TOKEN"] = "ghp_supersecretvalue123";

        var build = await Bind();

        build.GitHubToken.Should().Be("ghp_supersecretvalue123");
        _run.Out.Should().NotContain("ghp_supersecretvalue123").And.Contain("token is [REDACTED] and again [REDACTED]");
    }

    [Fact]
    public async Task A_secret_on_the_command_line_is_used_with_a_warning_that_does_not_repeat_it()
    {
        var build = await Bind("--git-hub-token", "ghp_supersecretvalue123");

        build.GitHubToken.Should().Be("ghp_supersecretvalue123");
        _run.Out.Should().Contain(
            "Secret parameter --git-hub-token was read from command line --git-hub-token: command lines end up in shell history and in process lists other users can read. Set the environment variable GIT_HUB_TOKEN instead.");
        (_run.Out + _run.Error).Should().NotContain("ghp_supersecretvalue123");
    }

    [Fact]
    public async Task A_secret_in_the_parameters_file_is_used_with_a_warning_that_does_not_repeat_it()
    {
        _run.WriteParametersFile("""{ "GitHubToken": "ghp_supersecretvalue123" }""");

        var build = await Bind();

        build.GitHubToken.Should().Be("ghp_supersecretvalue123");
        _run.Out.Should().Contain(
            "Secret parameter --git-hub-token was read from parameters.json key \"GitHubToken\": files under .nuke/ get committed and shared with the repository. Set the environment variable GIT_HUB_TOKEN instead.");
        (_run.Out + _run.Error).Should().NotContain("ghp_supersecretvalue123");
    }

    [Fact]
    public async Task A_secret_from_the_environment_binds_without_a_warning()
    {
        _run.Environment["GIT_HUB_TOKEN"] = "ghp_supersecretvalue123";

        await Bind();

        _run.Out.Should().NotContain("Secret parameter");
    }

    [Fact]
    public async Task Secrets_are_masked_on_GitHub_Actions()
    {
        _run.Environment["GITHUB_TOKEN"] = "ghp_supersecretvalue123";
        _run.Environment["GITHUB_ACTIONS"] = "true";

        await Bind();

        _run.Out.Should().Contain("::add-mask::ghp_supersecretvalue123").And.Contain("::group::Show").And.Contain("::endgroup::");
    }
}
