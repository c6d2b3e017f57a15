using System.Net;
using System.Reflection;
using RedoxBuild.GitLab;

namespace RedoxBuild.Tests.Forges;

/// <summary>The GitLab client against a loopback server: exact requests, parsed answers, exact errors.</summary>
public sealed class GitLabClientSpecs
{
    private const string Token = "glpat-test-token-81d2";

    private const string ForkJson = """
        {"id": 12, "name": "base", "path": "base", "path_with_namespace": "alice/base", "web_url": "https://gitlab.test/alice/base",
         "http_url_to_repo": "https://gitlab.test/alice/base.git", "default_branch": "master", "import_status": "scheduled",
         "forked_from_project": {"id": 11, "path_with_namespace": "redox-os/base"}}
        """;

    private static GitLabClient Client(LoopbackServer server, string? token = Token) => new(server.BaseUrl, token);

    private static void AssertGitLabHeaders(RecordedRequest request, string? token = Token)
    {
        request.Header("PRIVATE-TOKEN").Should().Be(token);
        request.Header("Authorization").Should().BeNull();
        request.Header("Accept").Should().Be("application/json");
        request.Header("User-Agent").Should().Be("redox-build");
    }

    [Fact]
    public async Task Projects_are_read_by_encoded_path_or_id_and_forked_by_path()
    {
        await using var server = await LoopbackServer.StartAsync(r => new Reply(r.Method == "POST" ? 201 : 200, ForkJson));
        using var client = Client(server);

        var byPath = await client.Projects.Get("redox-os/base");
        await client.Projects.Get(12);
        var fork = await client.Projects.Fork("redox-os/base", new ForkProject());

        server.Requests.Select(r => $"{r.Method} {r.Target} {r.Body}").Should().Equal(
            "GET /api/v4/projects/redox-os%2Fbase ", "GET /api/v4/projects/12 ", "POST /api/v4/projects/redox-os%2Fbase/fork {}");
        server.Requests.Should().AllSatisfy(r => AssertGitLabHeaders(r));
        byPath.Should().BeEquivalentTo(new { Id = 12L, PathWithNamespace = "alice/base", HttpUrlToRepo = "https://gitlab.test/alice/base.git", ImportStatus = "scheduled" });
        fork.ForkedFromProject.Should().Be(new ForkedFromProject(11, "redox-os/base"));
    }

    [Fact]
    public async Task A_merge_request_is_created_on_the_fork_with_the_upstream_as_target_project()
    {
        await using var server = await LoopbackServer.StartAsync(_ => new Reply(201, """
            {"id": 500, "iid": 4, "title": "Draft: Add ids", "description": "Because.", "state": "opened", "draft": true,
             "web_url": "https://gitlab.test/redox-os/base/-/merge_requests/4", "source_branch": "topic", "target_branch": "master",
             "source_project_id": 12, "target_project_id": 11}
            """));
        using var client = Client(server);

        var mergeRequest = await client.MergeRequests.Create(12, new MergeRequestCreate("topic", "master", "Draft: Add ids")
        {
            Description = "Because.",
            TargetProjectId = 11,
            RemoveSourceBranch = true,
        });

        var request = server.Requests.Single();
        request.Method.Should().Be("POST");
        request.Target.Should().Be("/api/v4/projects/12/merge_requests");
        AssertGitLabHeaders(request);
        request.Body.Should().Be("""{"source_branch":"topic","target_branch":"master","title":"Draft: Add ids","description":"Because.","target_project_id":11,"remove_source_branch":true}""");
        mergeRequest.Should().BeEquivalentTo(new { Iid = 4L, Draft = true, WebUrl = "https://gitlab.test/redox-os/base/-/merge_requests/4", TargetProjectId = 11L });
    }

    [Fact]
    public async Task The_current_user_is_read_without_a_token_header_when_there_is_none()
    {
        await using var server = await LoopbackServer.StartAsync(_ => new Reply(200, """{"id": 3, "username": "alice", "name": "Alice"}"""));
        using var client = Client(server, token: null);

        var user = await client.Users.Current();

        server.Requests.Single().Target.Should().Be("/api/v4/user");
        AssertGitLabHeaders(server.Requests.Single(), token: null);
        user.Username.Should().Be("alice");
    }

    public static TheoryData<int, string, Dictionary<string, string>, Type, string> Failures => new()
    {
        { 401, """{"message":"401 Unauthorized"}""", new(), typeof(AuthorizationException), "GET /api/v4/user failed with HTTP 401: 401 Unauthorized" },
        { 401, """{"error":"invalid_token","error_description":"Token is expired. You can either do re-authorization or token refresh."}""", new(),
            typeof(AuthorizationException), "GET /api/v4/user failed with HTTP 401: Token is expired. You can either do re-authorization or token refresh." },
        { 403, """{"message":"403 Forbidden"}""", new(), typeof(ForbiddenException), "GET /api/v4/user failed with HTTP 403: 403 Forbidden" },
        { 404, """{"message":"404 Project Not Found"}""", new(), typeof(NotFoundException), "GET /api/v4/user failed with HTTP 404: 404 Project Not Found" },
        { 409, """{"message":["Another open merge request already exists for this source branch: !4"]}""", new(), typeof(ConflictException),
            "GET /api/v4/user failed with HTTP 409: Another open merge request already exists for this source branch: !4" },
        { 400, """{"message":{"title":["can't be blank"],"target_branch":["is invalid"]}}""", new(), typeof(ApiValidationException),
            "GET /api/v4/user failed with HTTP 400: title can't be blank; target_branch is invalid" },
        { 429, "Retry later\n", new() { ["Retry-After"] = "60", ["RateLimit-Limit"] = "600", ["RateLimit-Remaining"] = "0" }, typeof(RateLimitExceededException),
            "GET /api/v4/user failed with HTTP 429: Retry later Retry after 60 s." },
        { 429, """{"message":"429 Too Many Requests"}""", new() { ["RateLimit-Limit"] = "600", ["RateLimit-Remaining"] = "0", ["RateLimit-Reset"] = "1893456000" },
            typeof(RateLimitExceededException), "GET /api/v4/user failed with HTTP 429: 429 Too Many Requests Rate limit: 0/600 requests left, resets at 2030-01-01 00:00:00 UTC." },
        { 500, """{"message":"500 Internal Server Error"}""", new(), typeof(RedoxBuild.GitLab.ApiException), "GET /api/v4/user failed with HTTP 500: 500 Internal Server Error" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Error_answers_become_the_matching_exception_with_GitLab_message(int status, string body, Dictionary<string, string> headers, Type type, string message)
    {
        await using var server = await LoopbackServer.StartAsync(_ => new Reply(status, body, headers));
        using var client = Client(server);

        var act = () => client.Users.Current();

        var thrown = (await act.Should().ThrowAsync<RedoxBuild.GitLab.ApiException>()).Which;
        thrown.Should().BeOfType(type);
        thrown.Message.Should().Be(message);
        thrown.StatusCode.Should().Be((HttpStatusCode)status);
        thrown.Message.Should().NotContain(Token);
    }

    [Fact]
    public void Every_client_method_records_its_route()
    {
        var clients = typeof(GitLabClient).Assembly.GetTypes().Where(t => t.Namespace == "RedoxBuild.GitLab" && t.IsClass && t.Name.EndsWith("Client", StringComparison.Ordinal) && t != typeof(GitLabClient));
        var methods = clients.SelectMany(c => c.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)).Where(m => !m.IsSpecialName).ToList();

        methods.Should().HaveCount(5);
        methods.Should().OnlyContain(m => m.GetCustomAttribute<ManualRouteAttribute>() != null);
        clients.Should().OnlyContain(c => c.GetInterfaces().Any(i => i.Name == "I" + c.Name));
    }
}
