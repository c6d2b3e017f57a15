using System.Net;
using System.Reflection;
using RedoxBuild.GitHub;

namespace RedoxBuild.Tests.Forges;

/// <summary>The Octokit-shaped GitHub client against a loopback server: exact requests, parsed answers, exact errors.</summary>
public sealed class GitHubClientSpecs
{
    private const string Token = "ghp_test_token_5f2a9c";

    private const string RepositoryJson = """
        {"id": 7, "name": "base", "full_name": "alice/base", "owner": {"id": 3, "login": "alice"}, "html_url": "https://github.test/alice/base",
         "clone_url": "https://github.test/alice/base.git", "default_branch": "master", "fork": true,
         "parent": {"id": 1, "name": "base", "full_name": "redox-os/base", "owner": {"id": 2, "login": "redox-os"}, "html_url": "https://github.test/redox-os/base",
                    "clone_url": "https://github.test/redox-os/base.git", "default_branch": "master", "fork": false}}
        """;

    private static GitHubClient Client(LoopbackServer server, string? token = Token, string path = "") =>
        new(new ProductHeaderValue("redox-build", "1.0.0"), new Uri(server.BaseUrl, path)) { Credentials = token is null ? null : new Credentials(token) };

    private static void AssertGitHubHeaders(RecordedRequest request, string? token = Token)
    {
        request.Header("User-Agent").Should().Be("redox-build/1.0.0");
        request.Header("Accept").Should().Be("application/vnd.github+json");
        request.Header("X-GitHub-Api-Version").Should().Be("2022-11-28");
        request.Header("Authorization").Should().Be(token is null ? null : $"Bearer {token}");
    }

    [Fact]
    public async Task Creating_a_pull_request_posts_a_draft_with_head_base_and_body()
    {
        await using var server = await LoopbackServer.StartAsync(_ => new Reply(201, """
            {"id": 99, "number": 12, "html_url": "https://github.test/redox-os/base/pull/12", "state": "open", "title": "Add ids", "body": "Because.",
             "draft": true, "head": {"label": "alice:topic", "ref": "topic", "sha": "abc"}, "base": {"label": "redox-os:master", "ref": "master", "sha": "def"}}
            """));
        using var client = Client(server);

        var pull = await client.PullRequest.Create("redox-os", "base", new NewPullRequest("Add ids", "alice:topic", "master") { Body = "Because.", Draft = true, MaintainerCanModify = true });

        var request = server.Requests.Single();
        request.Method.Should().Be("POST");
        request.Target.Should().Be("/repos/redox-os/base/pulls");
        AssertGitHubHeaders(request);
        request.Header("Content-Type").Should().Be("application/json; charset=utf-8");
        request.Body.Should().Be("""{"title":"Add ids","head":"alice:topic","base":"master","body":"Because.","draft":true,"maintainer_can_modify":true}""");
        pull.Should().BeEquivalentTo(new { Number = 12, HtmlUrl = "https://github.test/redox-os/base/pull/12", Draft = true, Head = new { Ref = "topic", Label = "alice:topic" } });
    }

    [Fact]
    public async Task Reading_a_repository_and_forking_use_their_routes()
    {
        await using var server = await LoopbackServer.StartAsync(r => new Reply(r.Method == "POST" ? 202 : 200, RepositoryJson));
        using var client = Client(server);

        var repository = await client.Repository.Get("alice", "base");
        var fork = await client.Repository.Forks.Create("redox-os", "base", new NewRepositoryFork());

        server.Requests.Select(r => $"{r.Method} {r.Target} {r.Body}").Should().Equal("GET /repos/alice/base ", "POST /repos/redox-os/base/forks {}");
        repository.Should().BeEquivalentTo(new { FullName = "alice/base", Fork = true, DefaultBranch = "master", CloneUrl = "https://github.test/alice/base.git", Parent = new { FullName = "redox-os/base" } });
        fork.Owner.Login.Should().Be("alice");
    }

    [Fact]
    public async Task References_use_the_singular_route_to_read_and_the_plural_one_to_write()
    {
        const string reference = """{"ref": "refs/heads/redox-build/base/topic", "url": "u", "object": {"type": "commit", "sha": "0123abcd"}}""";
        await using var server = await LoopbackServer.StartAsync(r => r.Method == "DELETE" ? new Reply(204) : new Reply(r.Method == "POST" ? 201 : 200, reference));
        using var client = Client(server);

        var read = await client.Git.Reference.Get("alice", "base", "refs/heads/redox-build/base/topic");
        await client.Git.Reference.Create("alice", "base", new NewReference("refs/heads/redox-build/base/topic", "0123abcd"));
        await client.Git.Reference.Update("alice", "base", "heads/redox-build/base/topic", new ReferenceUpdate("4567ef", Force: true));
        await client.Git.Reference.Delete("alice", "base", "heads/redox-build/base/topic");

        server.Requests.Select(r => $"{r.Method} {r.Target} {r.Body}").Should().Equal(
            "GET /repos/alice/base/git/ref/heads/redox-build/base/topic ",
            """POST /repos/alice/base/git/refs {"ref":"refs/heads/redox-build/base/topic","sha":"0123abcd"}""",
            """PATCH /repos/alice/base/git/refs/heads/redox-build/base/topic {"sha":"4567ef","force":true}""",
            "DELETE /repos/alice/base/git/refs/heads/redox-build/base/topic ");
        server.Requests.Should().AllSatisfy(r => AssertGitHubHeaders(r));
        read.Object.Sha.Should().Be("0123abcd");
    }

    [Fact]
    public void A_new_reference_must_be_a_full_name()
    {
        var act = () => new NewReference("heads/topic", "abc");

        act.Should().Throw<ArgumentException>().WithMessage("A reference must start with 'refs/' and contain at least two slashes (e.g. refs/heads/main), not 'heads/topic'.*");
    }

    [Fact]
    public async Task The_current_user_is_read_anonymously_when_there_is_no_token_and_under_an_enterprise_path()
    {
        await using var server = await LoopbackServer.StartAsync(_ => new Reply(200, """{"id": 3, "login": "alice"}"""));
        using var client = Client(server, token: null, path: "api/v3");

        var user = await client.User.Current();

        server.Requests.Single().Target.Should().Be("/api/v3/user");
        AssertGitHubHeaders(server.Requests.Single(), token: null);
        user.Login.Should().Be("alice");
    }

    public static TheoryData<int, string, Dictionary<string, string>, Type, string> Failures => new()
    {
        { 401, """{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}""", new(), typeof(AuthorizationException),
            "GET /user failed with HTTP 401: Bad credentials" },
        { 403, """{"message":"Resource not accessible by personal access token"}""", new() { ["x-ratelimit-remaining"] = "4999" }, typeof(ForbiddenException),
            "GET /user failed with HTTP 403: Resource not accessible by personal access token" },
        { 403, """{"message":"API rate limit exceeded for user ID 3."}""", new() { ["x-ratelimit-limit"] = "5000", ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = "1893456000" },
            typeof(RateLimitExceededException),
            "GET /user failed with HTTP 403: API rate limit exceeded for user ID 3. Rate limit: 0/5000 requests left, resets at 2030-01-01 00:00:00 UTC." },
        { 429, """{"message":"You have exceeded a secondary rate limit."}""", new() { ["Retry-After"] = "30" }, typeof(RateLimitExceededException),
            "GET /user failed with HTTP 429: You have exceeded a secondary rate limit. Retry after 30 s." },
        { 404, """{"message":"Not Found"}""", new(), typeof(NotFoundException), "GET /user failed with HTTP 404: Not Found" },
        { 422, """{"message":"Validation Failed","errors":[{"resource":"PullRequest","code":"custom","message":"A pull request already exists for alice:topic."}]}""", new(),
            typeof(ApiValidationException), "GET /user failed with HTTP 422: Validation Failed (A pull request already exists for alice:topic.)" },
        { 502, null!, new(), typeof(RedoxBuild.GitHub.ApiException), "GET /user failed with HTTP 502: (no message)" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Error_answers_become_the_matching_exception_with_GitHub_message(int status, string json, Dictionary<string, string> headers, Type type, string message)
    {
        await using var server = await LoopbackServer.StartAsync(_ => new Reply(status, json, headers));
        using var client = Client(server);

        var act = () => client.User.Current();

        var thrown = (await act.Should().ThrowAsync<RedoxBuild.GitHub.ApiException>()).Which;
        thrown.Should().BeOfType(type);
        thrown.Message.Should().Be(message);
        thrown.StatusCode.Should().Be((HttpStatusCode)status);
        thrown.Message.Should().NotContain(Token);
    }

    [Fact]
    public async Task A_rate_limit_error_carries_when_the_limit_resets()
    {
        await using var server = await LoopbackServer.StartAsync(_ => new Reply(403, """{"message":"API rate limit exceeded"}""",
            new Dictionary<string, string> { ["x-ratelimit-limit"] = "60", ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = "1893456000" }));
        using var client = Client(server);

        var thrown = (await ((Func<Task>)(() => client.User.Current())).Should().ThrowAsync<RateLimitExceededException>()).Which;

        thrown.Should().BeEquivalentTo(new { Limit = 60L, Remaining = 0L, Reset = DateTimeOffset.FromUnixTimeSeconds(1893456000), RetryAfter = (TimeSpan?)null });
    }

    [Fact]
    public void Credentials_never_print_their_token()
    {
        new Credentials(Token).ToString().Should().NotContain(Token);
    }

    [Fact]
    public void Every_client_method_records_its_route_as_Octokit_does()
    {
        var clients = typeof(GitHubClient).Assembly.GetTypes().Where(t => t.Namespace == "RedoxBuild.GitHub" && t.IsClass && t.Name.EndsWith("Client", StringComparison.Ordinal) && t != typeof(GitHubClient));
        var methods = clients.SelectMany(c => c.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)).Where(m => !m.IsSpecialName).ToList();

        methods.Should().NotBeEmpty();
        methods.Should().OnlyContain(m => m.GetCustomAttribute<ManualRouteAttribute>() != null);
        clients.Should().OnlyContain(c => c.GetInterfaces().Any(i => i.Name == "I" + c.Name));
    }
}
