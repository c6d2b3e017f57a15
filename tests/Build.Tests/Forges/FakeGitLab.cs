using System.Text.Json.Nodes;
using RedoxBuild.Tests.Upstream;

namespace RedoxBuild.Tests.Forges;

/// <summary>
/// A GitLab on loopback for FileUpstream: the upstream project redox-os/base (id 11, a local bare repository), the
/// user alice and her fork (id 12), which POST /fork really creates and whose import_status goes from "scheduled"
/// through <see cref="StartedPolls"/> answers of "started" to "finished".
/// </summary>
internal sealed class FakeGitLab : IAsyncDisposable
{
    private readonly GitFixture _git;
    private readonly string _upstreamBare;
    private int _polls;
    private int _mergeRequests;

    private FakeGitLab(GitFixture git, string upstreamBare, string token, int startedPolls)
    {
        _git = git;
        _upstreamBare = upstreamBare;
        Token = token;
        StartedPolls = startedPolls;
        ForkBare = git.PathOf("alice-base-gitlab-fork.git");
    }

    public string Token { get; }

    public int StartedPolls { get; }

    public string ForkBare { get; }

    public LoopbackServer Server { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => Server.Requests;

    public Dictionary<string, Reply> Fail { get; } = [];

    public bool ForkExists => Directory.Exists(ForkBare);

    public static async Task<FakeGitLab> StartAsync(GitFixture git, string upstreamBare, string token, int startedPolls = 0)
    {
        var fake = new FakeGitLab(git, upstreamBare, token, startedPolls);
        fake.Server = await LoopbackServer.StartAsync(fake.Handle);
        return fake;
    }

    private Reply Handle(RecordedRequest request)
    {
        if (request.Header("PRIVATE-TOKEN") != Token) return new Reply(401, """{"message":"401 Unauthorized"}""");
        if (Fail.TryGetValue($"{request.Method} {request.Target}", out var failure)) return failure;
        return (request.Method, request.Target) switch
        {
            ("GET", "/api/v4/user") => new Reply(200, """{"id": 3, "username": "alice", "name": "Alice"}"""),
            ("GET", "/api/v4/projects/redox-os%2Fbase" or "/api/v4/projects/11") => new Reply(200, Project(11, "redox-os", _upstreamBare, null)),
            ("GET", "/api/v4/projects/alice%2Fbase") => ForkExists ? new Reply(200, Project(12, "alice", ForkBare, "finished")) : NotFound,
            ("GET", "/api/v4/projects/12") => ForkExists ? new Reply(200, Project(12, "alice", ForkBare, ++_polls > StartedPolls ? "finished" : "started")) : NotFound,
            ("POST", "/api/v4/projects/redox-os%2Fbase/fork") => CreateFork(),
            ("POST", "/api/v4/projects/12/merge_requests") => OpenMergeRequest(request.Body),
            _ => NotFound,
        };
    }

    private static Reply NotFound => new(404, """{"message":"404 Project Not Found"}""");

    private Reply CreateFork()
    {
        _git.Run(_git.Root, "clone", "--quiet", "--bare", _upstreamBare, ForkBare);
        return new Reply(201, Project(12, "alice", ForkBare, "scheduled"));
    }

    private Reply OpenMergeRequest(string body)
    {
        var request = JsonNode.Parse(body)!;
        var source = (string)request["source_branch"]!;
        if (GitFixture.TryRun(ForkBare, null, "rev-parse", "--verify", "--quiet", "refs/heads/" + source).Code != 0)
            return new Reply(400, """{"message":["Source branch does not exist"]}""");
        if (_mergeRequests > 0)
            return new Reply(409, """{"message":["Another open merge request already exists for this source branch: !4"]}""");
        _mergeRequests++;
        var title = (string)request["title"]!;
        var answer = new JsonObject
        {
            ["id"] = 500, ["iid"] = 4, ["title"] = title, ["description"] = request["description"]?.DeepClone(), ["state"] = "opened",
            ["draft"] = title.StartsWith("Draft:", StringComparison.Ordinal), ["web_url"] = "https://gitlab.test/redox-os/base/-/merge_requests/4",
            ["source_branch"] = source, ["target_branch"] = request["target_branch"]!.DeepClone(), ["source_project_id"] = 12,
            ["target_project_id"] = request["target_project_id"]?.DeepClone() ?? 12,
        };
        return new Reply(201, answer.ToJsonString());
    }

    private static string Project(long id, string owner, string bare, string? importStatus)
    {
        var json = new JsonObject
        {
            ["id"] = id, ["name"] = "base", ["path"] = "base", ["path_with_namespace"] = $"{owner}/base", ["web_url"] = $"https://gitlab.test/{owner}/base",
            ["http_url_to_repo"] = new Uri(bare).AbsoluteUri, ["default_branch"] = "master", ["import_status"] = importStatus,
        };
        if (id == 12) json["forked_from_project"] = new JsonObject { ["id"] = 11, ["path_with_namespace"] = "redox-os/base" };
        return json.ToJsonString();
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
