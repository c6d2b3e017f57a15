using System.Text;
using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using RedoxBuild.GitHub;
using RedoxBuild.GitLab;
using RedoxBuild.Tests.Forges;
using RedoxBuild.Tests.Support;
using RedoxBuild.Upstream;

namespace RedoxBuild.Tests.Upstream;

/// <summary>The filing service on its own: fork waits are bounded, foreign repositories and branches are left alone, the token reaches git only through askpass.</summary>
public sealed class UpstreamFilerSpecs : IDisposable
{
    private const string Token = "tok_filer_secret_5521";

    private readonly UpstreamScenario _s = new();
    private readonly UpstreamWorkflow _flow;

    public UpstreamFilerSpecs() => _flow = new UpstreamWorkflow(_s);

    public void Dispose() => _s.Dispose();

    private async Task<(ForgeDraft? Draft, TestSession Session)> File(IForge forge, FilingOptions options)
    {
        var session = TestSession.Create(_s.RepositoryRoot, secrets: Token);
        var filer = new UpstreamFiler(session.Processes, session.Logger, _s.Paths, forge, Path.Combine(_s.RepositoryRoot, ".nuke", "temp"), TimeProvider.System, options);
        return (await filer.FileAsync(new FilingRequest("base", _flow.Prepared, "redox-os/base", Token, DryRun: false)), session);
    }

    [RequiresToolsFact("git")]
    public async Task A_GitLab_fork_is_polled_until_its_import_finishes()
    {
        await _flow.PrepareAsync();
        _flow.WriteDescription();
        await using var fake = await FakeGitLab.StartAsync(_s.Git, _s.Upstream, Token, startedPolls: 2);
        using var client = new GitLabClient(fake.Server.BaseUrl, Token);

        var (draft, _) = await File(new GitLabForge(client, TimeProvider.System), new FilingOptions(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10)));

        fake.Requests.Count(r => r.Target == "/api/v4/projects/12").Should().Be(3);
        draft.Should().Be(new ForgeDraft("https://gitlab.test/redox-os/base/-/merge_requests/4", 4, true, "Draft: " + UpstreamWorkflow.Title));
    }

    [RequiresToolsFact("git")]
    public async Task Waiting_for_a_fork_is_bounded()
    {
        await _flow.PrepareAsync();
        _flow.WriteDescription();
        await using var fake = await FakeGitLab.StartAsync(_s.Git, _s.Upstream, Token, startedPolls: int.MaxValue);
        using var client = new GitLabClient(fake.Server.BaseUrl, Token);

        var act = () => File(new GitLabForge(client, TimeProvider.System), new FilingOptions(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200)));

        (await act.Should().ThrowAsync<BuildFailure>()).WithMessage(
            "GitLab has not finished copying the fork alice/base after 1 s. The fork was requested; run FileUpstream again in a few minutes and it continues from there.");
        fake.Requests.Count(r => r.Target == "/api/v4/projects/12").Should().Be(6);
        fake.Requests.Should().NotContain(r => r.Target.EndsWith("/merge_requests", StringComparison.Ordinal));
    }

    [RequiresToolsFact("git")]
    public async Task A_repository_in_the_fork_place_that_is_not_a_fork_is_left_alone()
    {
        await _flow.PrepareAsync();
        _flow.WriteDescription();
        const string notAFork = """{"id": 7, "name": "base", "full_name": "alice/base", "owner": {"id": 3, "login": "alice"}, "html_url": "h", "clone_url": "c", "default_branch": "main", "fork": false}""";
        await using var server = await LoopbackServer.StartAsync(r => r.Target switch
        {
            "/user" => new Reply(200, """{"id": 3, "login": "alice"}"""),
            "/repos/redox-os/base" => new Reply(200, notAFork.Replace("alice/base", "redox-os/base", StringComparison.Ordinal)),
            "/repos/alice/base" => new Reply(200, notAFork),
            _ => new Reply(404, """{"message":"Not Found"}"""),
        });
        using var client = new GitHubClient(new RedoxBuild.GitHub.ProductHeaderValue("test"), server.BaseUrl) { Credentials = new Credentials(Token) };

        var act = () => File(new GitHubForge(client, TimeProvider.System), FilingOptions.Default);

        (await act.Should().ThrowAsync<BuildFailure>()).WithMessage(
            "alice/base exists on GitHub but is not a fork of redox-os/base. Rename or remove it, or fork redox-os/base yourself, then run FileUpstream again.");
        server.Requests.Should().NotContain(r => r.Method == "POST");
    }

    [RequiresToolsFact("git")]
    public async Task A_different_branch_of_the_same_name_on_the_fork_is_not_overwritten()
    {
        await _flow.PrepareAsync();
        _flow.WriteDescription();
        await using var fake = await FakeGitHub.StartAsync(_s.Git, _s.Upstream, Token, forkExists: true);
        _s.Git.Run(fake.ForkBare, "branch", "redox-build/base/virtio-bars", "master");
        using var client = new GitHubClient(new RedoxBuild.GitHub.ProductHeaderValue("test"), fake.Server.BaseUrl) { Credentials = new Credentials(Token) };

        var act = () => File(new GitHubForge(client, TimeProvider.System), FilingOptions.Default);

        (await act.Should().ThrowAsync<BuildFailure>()).WithMessage(
            $"Your fork alice/base already has branch redox-build/base/virtio-bars at {_s.Rev[..12]}, not at *. Nothing was overwritten. If you mean to replace it, push it yourself: git -C build/upstream/base/repo push --force-with-lease=*");
        _s.Git.Run(fake.ForkBare, "rev-parse", "redox-build/base/virtio-bars").Should().Be(_s.Rev);
    }

    [RequiresToolsFact("git")]
    public async Task Git_gets_the_token_from_askpass_and_never_shows_it()
    {
        var repository = _s.Git.Clone(_s.Upstream, "pusher");
        await using var server = await LoopbackServer.StartAsync(r => new Reply(401, null, new Dictionary<string, string> { ["WWW-Authenticate"] = "Basic realm=\"fork\"" }));
        var session = TestSession.Create(_s.RepositoryRoot, secrets: Token);
        var askPass = GitCredentials.WriteAskPass(Path.Combine(_s.RepositoryRoot, ".nuke", "temp"));
        var push = GitCredentials.Push(repository, new Uri(server.BaseUrl, "alice/base.git").AbsoluteUri, "master", askPass, "x-access-token", Token);

        var act = () => session.Processes.RunAsync(push);

        var failure = (await act.Should().ThrowAsync<ToolFailure>()).Which;
        var sent = server.Requests.Select(r => r.Header("Authorization")).OfType<string>().ToList();
        sent.Should().Contain("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + Token)));
        push.ArgumentList.Should().NotContain(a => a.Contains(Token, StringComparison.Ordinal));
        (failure.Message + session.Log).Should().NotContain(Token).And.Contain("push");
        System.IO.File.ReadAllText(askPass).Should().NotContain(Token);
    }

    [RequiresToolsFact("git")]
    public async Task Without_a_token_a_real_run_says_which_variable_to_set()
    {
        await _flow.PrepareAsync();
        _flow.WriteDescription();
        using var client = new GitHubClient(new RedoxBuild.GitHub.ProductHeaderValue("test"), new Uri("http://127.0.0.1:9/"));
        var session = TestSession.Create(_s.RepositoryRoot);
        var filer = new UpstreamFiler(session.Processes, session.Logger, _s.Paths, new GitHubForge(client, TimeProvider.System), Path.Combine(_s.RepositoryRoot, ".nuke", "temp"), TimeProvider.System, FilingOptions.Default);

        var act = () => filer.FileAsync(new FilingRequest("base", _flow.Prepared, "redox-os/base", null, DryRun: false));

        (await act.Should().ThrowAsync<BuildFailure>()).WithMessage("FileUpstream needs a GitHub token to fork and open the draft: set GITHUB_TOKEN (or --github-token) (it is never printed). Or run with --dry-run to see what would be sent.");
    }
}
