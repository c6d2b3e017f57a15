using System.Diagnostics;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.EndToEnd;

/// <summary>
/// Recipe scripts are recipe code: they must not see the build's secrets. The real build program runs as a child
/// process here, because scripts inherit the process environment (an in-process run would inherit the test runner's).
/// </summary>
public sealed class SecretEnvironmentSpecs : IDisposable
{
    private static readonly string Assembly = Path.Combine(RepoPaths.Root, "build", "bin", "Debug", "net10.0", "_build.dll");
    private readonly CookFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private (int Code, string Out) Cook(IReadOnlyDictionary<string, string> secrets, params string[] args)
    {
        var start = new ProcessStartInfo(HostTools.Require("dotnet")) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _fixture.Root };
        foreach (var a in (string[])[Assembly, "Cook", "--root", _fixture.Root, "--target-triple", "x86_64-unknown-linux-gnu", "--recipes", _fixture.Recipes,
                     "--source-cache", _fixture.Cache, "--jobs", "1", "--json", _fixture.Json, "--no-cache", .. args])
            start.ArgumentList.Add(a);
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(_fixture.Root, ".xdg", "cache");
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(_fixture.Root, ".xdg", "config");
        foreach (var (name, value) in secrets) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) process.Kill(entireProcessTree: true);
        return (process.ExitCode, output.Result + error.Result);
    }

    [RequiresToolsFact("dotnet")]
    public void A_recipe_script_does_not_see_the_secret_parameters_environment_variables()
    {
        _fixture.Recipe("leaky", "[build]\ntemplate = \"custom\"\nscript = \"mkdir -p $COOKBOOK_STAGE && env > $COOKBOOK_STAGE/env.txt\"\n");
        var secrets = new Dictionary<string, string>
        {
            ["GITHUB_TOKEN"] = "ghp_test", ["GITLAB_TOKEN"] = "glpat-test", ["CACHE_TOKEN"] = "cache-test",
            ["AWS_ACCESS_KEY_ID"] = "AKIATEST", ["AWS_SECRET_ACCESS_KEY"] = "aws-secret-test", ["SCCACHE_REDIS"] = "redis://:pw-test@localhost",
            ["nuke_github_token"] = "ghp_spelled_loosely",
        };

        var (code, output) = Cook(secrets, "--recipe", "leaky");

        code.Should().Be(0, output);
        var env = File.ReadAllText(Path.Combine(_fixture.Stage("leaky"), "env.txt"));
        env.Should().Contain("COOKBOOK_NAME=leaky", "the script did run with the cook's environment");
        foreach (var (name, value) in secrets)
        {
            env.Should().NotContain(name + "=");
            env.Should().NotContain(value);
        }
    }

    [RequiresToolsFact("dotnet")]
    public void A_recipe_source_script_does_not_see_them_either()
    {
        var repo = GitRepo.Create(Path.Combine(_fixture.Root, "upstreams"), "plain");
        var commit = repo.Commit("import", ("README", "x"));
        _fixture.Recipe("sourced", $$"""
            [source]
            git = "{{repo.Bare}}"
            rev = "{{commit}}"
            script = "env > source-env.txt"

            [build]
            template = "custom"
            script = "mkdir -p $COOKBOOK_STAGE && cp $COOKBOOK_SOURCE/source-env.txt $COOKBOOK_STAGE/"
            """);

        var (code, output) = Cook(new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghp_test" }, "--recipe", "sourced");

        code.Should().Be(0, output);
        var env = File.ReadAllText(Path.Combine(_fixture.Stage("sourced"), "source-env.txt"));
        env.Should().Contain("COOKBOOK_NAME=sourced").And.NotContain("GITHUB_TOKEN").And.NotContain("ghp_test");
    }
}
