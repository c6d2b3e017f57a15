using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.EndToEnd;

/// <summary>
/// A path source whose content changed is copied afresh over its checkout, .git included; ./build.sh Fetch must
/// first refuse when the checkout holds what that copy would lose (ignored files, stash entries, extra refs).
/// </summary>
public class PathSourceReplacementSpecs : IDisposable
{
    private readonly CookFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private string Source => Path.Combine(_fixture.Root, "greeter-src");
    private string Checkout => Path.Combine(_fixture.Root, "build", "sources", "greeter");

    private async Task FetchedAsync()
    {
        Directory.CreateDirectory(Source);
        File.WriteAllText(Path.Combine(Source, "greet.c"), "const char *greeting(void) { return \"hello\"; }\n");
        File.WriteAllText(Path.Combine(Source, ".gitignore"), "*.local\n");
        _fixture.Recipe("greeter", $"[source]\npath = \"{Source}\"\n\n[build]\ntemplate = \"configure\"\n");
        var first = await _fixture.RunAsync("Fetch", "--recipe", "greeter");
        first.ExitCode.Should().Be(0, first.Out);
    }

    [RequiresToolsTheory("git")]
    [InlineData("ignored file", "1 ignored file (notes.local)")]
    [InlineData("stash", "1 stash entry")]
    [InlineData("branch", "refs refs/heads/experiment")]
    public async Task A_changed_path_source_is_not_copied_over_a_checkout_holding_state_the_copy_would_lose(string kind, string named)
    {
        await FetchedAsync();
        switch (kind)
        {
            case "ignored file":
                File.WriteAllText(Path.Combine(Checkout, "notes.local"), "my notes\n");
                break;
            case "stash":
                File.AppendAllText(Path.Combine(Checkout, "greet.c"), "// half done\n");
                GitRepo.Run(Checkout, "-c", "user.name=Ada", "-c", "user.email=ada@example.invalid", "stash", "--quiet");
                break;
            case "branch":
                GitRepo.Run(Checkout, "branch", "experiment");
                break;
        }
        var refsBefore = GitRepo.Run(Checkout, "for-each-ref", "--format=%(refname) %(objectname)");
        File.WriteAllText(Path.Combine(Source, "greet.c"), "const char *greeting(void) { return \"hello again\"; }\n");

        var result = await _fixture.RunAsync("Fetch", "--recipe", "greeter");

        result.ExitCode.Should().Be(1, result.Out);
        result.Out.Should().Contain($"{Checkout} holds what a fresh copy would lose ({named})").And.Contain("Keep them:").And.Contain("Discard them:");
        GitRepo.Run(Checkout, "for-each-ref", "--format=%(refname) %(objectname)").Should().Be(refsBefore);
        File.ReadAllText(Path.Combine(Checkout, "greet.c")).Should().Contain("return \"hello\";");
        if (kind == "ignored file") File.ReadAllText(Path.Combine(Checkout, "notes.local")).Should().Be("my notes\n");
        if (kind == "stash") GitRepo.Run(Checkout, "stash", "list").Should().NotBeEmpty();
    }

    [RequiresToolsFact("git")]
    public async Task A_changed_path_source_still_replaces_a_checkout_with_nothing_of_the_users()
    {
        await FetchedAsync();
        File.WriteAllText(Path.Combine(Source, "greet.c"), "const char *greeting(void) { return \"hello again\"; }\n");

        var result = await _fixture.RunAsync("Fetch", "--recipe", "greeter");

        result.ExitCode.Should().Be(0, result.Out);
        File.ReadAllText(Path.Combine(Checkout, "greet.c")).Should().Contain("hello again");
        GitRepo.Run(Checkout, "status", "--porcelain", "--ignored").Should().BeEmpty();
    }
}
