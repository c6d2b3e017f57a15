using System.Text.Json.Nodes;
using RedoxBuild.Tests.Forges;
using RedoxBuild.Tests.Support;
using RedoxBuild.Upstream;

namespace RedoxBuild.Tests.Upstream;

/// <summary>FileUpstream through the real build against fake forges on loopback and local bare forks.</summary>
public sealed class FileUpstreamSpecs : IDisposable
{
    private const string GitHubToken = "ghp_e2e_secret_token_7c41d0";
    private const string GitLabToken = "glpat-e2e-secret-token-93ab";

    private readonly UpstreamScenario _s = new();
    private readonly UpstreamWorkflow _flow;

    public FileUpstreamSpecs() => _flow = new UpstreamWorkflow(_s);

    public void Dispose() => _s.Dispose();

    private Task<BuildHarness.Result> FileToGitHub(FakeGitHub fake, string token = GitHubToken, params string[] extra) =>
        _flow.Run(new Dictionary<string, string> { ["GITHUB_TOKEN"] = token },
            ["FileUpstream", "--recipe", "base", "--forge", "github", "--github-api-url", fake.Server.BaseUrl.AbsoluteUri, "--upstream-project", "redox-os/base", .. extra]);

    [RequiresToolsFact("git")]
    public async Task On_GitHub_it_forks_pushes_the_branch_and_opens_a_draft_pull_request()
    {
        var prepared = await _flow.PrepareAsync();
        _flow.WriteDescription();
        await using var fake = await FakeGitHub.StartAsync(_s.Git, _s.Upstream, GitHubToken);

        var result = await FileToGitHub(fake);

        result.ExitCode.Should().Be(0, result.Out);
        fake.Requests.Select(r => $"{r.Method} {r.Target}").Should().Equal(
            "GET /user", "GET /repos/redox-os/base", "GET /repos/alice/base", "POST /repos/redox-os/base/forks",
            "GET /repos/alice/base", "GET /repos/alice/base/git/ref/heads/master",
            "GET /repos/alice/base/git/ref/heads/redox-build/base/virtio-bars", "POST /repos/redox-os/base/pulls");
        fake.Requests.Should().OnlyContain(r => r.Header("Authorization") == "Bearer " + GitHubToken && r.Header("X-GitHub-Api-Version") == "2022-11-28");
        var pull = JsonNode.Parse(fake.Requests[^1].Body)!;
        ((string)pull["title"]!).Should().Be(UpstreamWorkflow.Title);
        ((string)pull["head"]!).Should().Be("alice:redox-build/base/virtio-bars");
        ((string)pull["base"]!).Should().Be("master");
        ((bool)pull["draft"]!).Should().BeTrue();
        ((string)pull["body"]!).Should().StartWith($"## Problem\n\n{UpstreamWorkflow.Problem}\n\n## Solution").And.NotContain("<!--").And.NotContain("Title:");
        _s.Git.Run(fake.ForkBare, "rev-parse", "refs/heads/redox-build/base/virtio-bars").Should().Be(prepared.Head);
        result.Out.Should().Contain("Opened a draft on GitHub: https://github.test/redox-os/base/pull/42");
        File.ReadAllText(Path.Combine(_flow.Prepared, PreparedUpstream.FiledFile)).Should().Contain("\"url\": \"https://github.test/redox-os/base/pull/42\"");
        _flow.AllWrittenText().Should().Contain("Opened a draft on GitHub", "the scan below covers the run's log files");
        (result.Out + result.Error + _flow.AllWrittenText()).Should().NotContain(GitHubToken);
    }

    [RequiresToolsFact("git")]
    public async Task On_GitLab_it_forks_waits_for_the_import_and_opens_a_Draft_merge_request_on_the_upstream()
    {
        var prepared = await _flow.PrepareAsync();
        _flow.WriteDescription();
        await using var fake = await FakeGitLab.StartAsync(_s.Git, _s.Upstream, GitLabToken);

        var result = await _flow.Run(new Dictionary<string, string> { ["GITLAB_TOKEN"] = GitLabToken },
            "FileUpstream", "--recipe", "base", "--forge", "gitlab", "--gitlab-url", fake.Server.BaseUrl.AbsoluteUri, "--upstream-project", "redox-os/base");

        result.ExitCode.Should().Be(0, result.Out);
        fake.Requests.Select(r => $"{r.Method} {r.Target}").Should().Equal(
            "GET /api/v4/user", "GET /api/v4/projects/redox-os%2Fbase", "GET /api/v4/projects/alice%2Fbase",
            "POST /api/v4/projects/redox-os%2Fbase/fork", "GET /api/v4/projects/12", "POST /api/v4/projects/12/merge_requests");
        fake.Requests.Should().OnlyContain(r => r.Header("PRIVATE-TOKEN") == GitLabToken);
        var mergeRequest = JsonNode.Parse(fake.Requests[^1].Body)!;
        ((string)mergeRequest["title"]!).Should().Be("Draft: " + UpstreamWorkflow.Title);
        ((long)mergeRequest["target_project_id"]!).Should().Be(11);
        ((string)mergeRequest["source_branch"]!).Should().Be("redox-build/base/virtio-bars");
        ((string)mergeRequest["target_branch"]!).Should().Be("master");
        _s.Git.Run(fake.ForkBare, "rev-parse", "refs/heads/redox-build/base/virtio-bars").Should().Be(prepared.Head);
        result.Out.Should().Contain("Opened a draft on GitLab: https://gitlab.test/redox-os/base/-/merge_requests/4");
        (result.Out + result.Error + _flow.AllWrittenText()).Should().NotContain(GitLabToken);
    }

    [RequiresToolsFact("git")]
    public async Task A_dry_run_prints_the_requests_and_the_push_and_sends_nothing()
    {
        await _flow.PrepareAsync();
        _flow.WriteDescription();
        await using var fake = await FakeGitHub.StartAsync(_s.Git, _s.Upstream, GitHubToken);

        var result = await FileToGitHub(fake, GitHubToken, "--dry-run");

        result.ExitCode.Should().Be(0, result.Out);
        fake.Requests.Should().BeEmpty();
        Directory.Exists(fake.ForkBare).Should().BeFalse();
        var api = fake.Server.BaseUrl.AbsoluteUri;
        result.Out.Should().Contain($"[dry-run] GET {api}user  (whose account the token is: the fork goes there)")
            .And.Contain($"[dry-run] GET {api}repos/<your login>/base  (is your fork there?)")
            .And.Contain($"[dry-run] POST {api}repos/redox-os/base/forks {{}}  (only when the fork is missing;")
            .And.Contain($"[dry-run] GET {api}repos/<your login>/base/git/ref/heads/redox-build/base/virtio-bars  (is the branch on your fork already?)")
            .And.Contain($"[dry-run] POST {api}repos/redox-os/base/pulls {{\"title\":\"{UpstreamWorkflow.Title}\",\"head\":\"<your login>:redox-build/base/virtio-bars\",\"base\":\"master\",\"body\":\"## Problem")
            .And.Contain("\"draft\":true,\"maintainer_can_modify\":true}  (opens the draft pull request)")
            .And.MatchRegex(@"\[dry-run\] \(cd \S+/build/upstream/base/repo && env GIT_ASKPASS=\S+/git-askpass.sh GIT_TERMINAL_PROMPT=0 LC_ALL=C REDOX_BUILD_GIT_PASSWORD='?\[REDACTED\]'? REDOX_BUILD_GIT_USERNAME=x-access-token git -c credential.helper= push '<your fork'.+s clone URL>' refs/heads/redox-build/base/virtio-bars:refs/heads/redox-build/base/virtio-bars\)");
        (result.Out + result.Error + _flow.AllWrittenText()).Should().NotContain(GitHubToken);
    }

    [RequiresToolsFact("git")]
    public async Task A_GitLab_dry_run_shows_the_merge_request_with_what_a_real_run_would_learn_first()
    {
        await _flow.PrepareAsync();
        _flow.WriteDescription();
        await using var fake = await FakeGitLab.StartAsync(_s.Git, _s.Upstream, GitLabToken);

        var result = await _flow.Run(null, "FileUpstream", "--recipe", "base", "--forge", "gitlab", "--gitlab-url", fake.Server.BaseUrl.AbsoluteUri, "--upstream-project", "redox-os/base", "--dry-run");

        result.ExitCode.Should().Be(0, result.Out);
        fake.Requests.Should().BeEmpty();
        var api = fake.Server.BaseUrl.AbsoluteUri + "api/v4/";
        result.Out.Should().Contain($"[dry-run] GET {api}projects/redox-os%2Fbase  (the upstream's id and default branch)")
            .And.Contain($"[dry-run] POST {api}projects/redox-os%2Fbase/fork {{}}  (only when the fork is missing;")
            .And.Contain($"[dry-run] POST {api}projects/<your fork's id>/merge_requests {{\"source_branch\":\"redox-build/base/virtio-bars\",\"target_branch\":\"master\",\"title\":\"Draft: {UpstreamWorkflow.Title}\",")
            .And.Contain("\"target_project_id\":<id of redox-os/base>,\"remove_source_branch\":true,\"allow_collaboration\":true}  (opens the draft merge request)")
            .And.Contain("REDOX_BUILD_GIT_USERNAME=oauth2 git -c credential.helper= push");
    }

    [RequiresToolsFact("git")]
    public async Task A_forge_that_does_not_host_the_upstream_is_refused_before_any_request()
    {
        await _flow.PrepareAsync();
        _flow.WriteDescription();
        void UpstreamAt(string url)
        {
            var manifest = RedoxBuild.Upstream.PreparedUpstream.Load(_flow.Prepared)!;
            (manifest with { UpstreamUrl = url }).Save(_flow.Prepared);
        }

        UpstreamAt("https://gitlab.redox-os.org/redox-os/base.git");
        var github = await _flow.Run(null, "FileUpstream", "--recipe", "base", "--forge", "github", "--dry-run");
        UpstreamAt("https://github.com/redox-os/base.git");
        var gitlab = await _flow.Run(null, "FileUpstream", "--recipe", "base", "--forge", "gitlab", "--dry-run");

        github.ExitCode.Should().Be(1);
        github.Out.Should().Contain("The recipe's upstream https://gitlab.redox-os.org/redox-os/base.git is not on github.com. Use --forge gitlab").And.NotContain("[dry-run] POST");
        gitlab.ExitCode.Should().Be(1);
        gitlab.Out.Should().Contain("is on github.com, which is not a GitLab instance (your GitLab token is not sent there)").And.NotContain("[dry-run] GET");
    }

    [RequiresToolsFact("git")]
    public async Task A_second_GitLab_filing_reports_the_open_merge_request()
    {
        await _flow.PrepareAsync();
        _flow.WriteDescription();
        await using var fake = await FakeGitLab.StartAsync(_s.Git, _s.Upstream, GitLabToken);
        var args = new[] { "FileUpstream", "--recipe", "base", "--forge", "gitlab", "--gitlab-url", fake.Server.BaseUrl.AbsoluteUri, "--upstream-project", "redox-os/base" };
        var env = new Dictionary<string, string> { ["GITLAB_TOKEN"] = GitLabToken };
        (await _flow.Run(env, args)).ExitCode.Should().Be(0);

        var again = await _flow.Run(env, args);

        again.ExitCode.Should().Be(1);
        again.Out.Should().Contain("GitLab already has an open merge request for this branch (POST /api/v4/projects/12/merge_requests failed with HTTP 409: " +
            "Another open merge request already exists for this source branch: !4). Update that one (push to its branch) instead of filing again.");
        fake.Requests.Count(r => r.Target.EndsWith("/fork", StringComparison.Ordinal)).Should().Be(1, "the fork from the first run is reused");
    }

    [RequiresToolsFact("git")]
    public async Task An_existing_fork_is_reused_and_a_second_filing_is_explained()
    {
        await _flow.PrepareAsync();
        _flow.WriteDescription();
        await using var fake = await FakeGitHub.StartAsync(_s.Git, _s.Upstream, GitHubToken, forkExists: true);
        (await FileToGitHub(fake)).ExitCode.Should().Be(0);

        var again = await FileToGitHub(fake);

        fake.Requests.Should().NotContain(r => r.Target.EndsWith("/forks", StringComparison.Ordinal));
        again.ExitCode.Should().Be(1);
        again.Out.Should().Contain("is already on alice/base at").And.Contain("not pushing again")
            .And.Contain("GitHub refused to open the draft pull request from alice:redox-build/base/virtio-bars into redox-os/base: " +
                "POST /repos/redox-os/base/pulls failed with HTTP 422: Validation Failed (A pull request already exists for alice:redox-build/base/virtio-bars.) " +
                "If a pull request from this branch is open already, update that one (push to its branch) instead of filing again");
    }

    [RequiresToolsFact("git")]
    public async Task A_wrong_token_is_explained_without_printing_it()
    {
        await _flow.PrepareAsync();
        _flow.WriteDescription();
        await using var fake = await FakeGitHub.StartAsync(_s.Git, _s.Upstream, GitHubToken);
        const string wrong = "ghp_wrong_token_0000aaaa";

        var result = await FileToGitHub(fake, wrong);

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("GitHub did not accept the token when FileUpstream tried to read the token's account (GET /user): GET /user failed with HTTP 401: Bad credentials " +
            "Check GITHUB_TOKEN (or --github-token): it may be mistyped, expired or revoked.");
        (result.Out + result.Error + _flow.AllWrittenText()).Should().NotContain(wrong).And.NotContain(GitHubToken);
    }

    [RequiresToolsFact("git")]
    public async Task An_exhausted_rate_limit_says_when_to_try_again()
    {
        await _flow.PrepareAsync();
        _flow.WriteDescription();
        await using var fake = await FakeGitHub.StartAsync(_s.Git, _s.Upstream, GitHubToken);
        fake.Fail["POST /repos/redox-os/base/pulls"] = new Reply(403, """{"message":"API rate limit exceeded for user ID 3."}""",
            new Dictionary<string, string> { ["x-ratelimit-limit"] = "5000", ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = "4102444800" });

        var result = await FileToGitHub(fake);

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("GitHub's rate limit stopped FileUpstream when it tried to open the draft pull request from alice:redox-build/base/virtio-bars into redox-os/base: " +
            "POST /repos/redox-os/base/pulls failed with HTTP 403: API rate limit exceeded for user ID 3. Rate limit: 0/5000 requests left, resets at 2100-01-01 00:00:00 UTC. " +
            "Wait until 00:00:00 UTC (").And.Contain("min from now), then run FileUpstream again; what is already done (fork, push) is found and skipped.");
    }

    [RequiresToolsFact("git")]
    public async Task The_untouched_description_is_refused_with_the_reason()
    {
        await _flow.PrepareAsync();
        await using var fake = await FakeGitHub.StartAsync(_s.Git, _s.Upstream, GitHubToken);

        var result = await FileToGitHub(fake);

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("build/upstream/base/description.md is still the untouched draft: the title and every section are empty. " +
            "Redox closes merge requests whose description is machine-written, so this build never writes one:");
        fake.Requests.Should().BeEmpty();
    }

    [RequiresToolsFact("git")]
    public async Task In_CI_it_refuses_unless_allowed()
    {
        await _flow.PrepareAsync();
        _flow.WriteDescription();
        await using var fake = await FakeGitHub.StartAsync(_s.Git, _s.Upstream, GitHubToken);
        var ci = new Dictionary<string, string> { ["CI"] = "true", ["GITHUB_TOKEN"] = GitHubToken };

        var refused = await _flow.Run(ci, "FileUpstream", "--recipe", "base", "--forge", "github", "--github-api-url", fake.Server.BaseUrl.AbsoluteUri, "--upstream-project", "redox-os/base");
        var allowed = await _flow.Run(ci, "FileUpstream", "--recipe", "base", "--forge", "github", "--github-api-url", fake.Server.BaseUrl.AbsoluteUri, "--upstream-project", "redox-os/base", "--allow-ci", "--dry-run");

        refused.ExitCode.Should().Be(1);
        refused.Out.Should().Contain("FileUpstream does not run in CI (CI=true): it opens a pull or merge request in a person's name, and Redox accepts only changes a person submits on purpose.")
            .And.Contain("pass --allow-ci");
        allowed.ExitCode.Should().Be(0, allowed.Out);
        fake.Requests.Should().BeEmpty();
    }
}
