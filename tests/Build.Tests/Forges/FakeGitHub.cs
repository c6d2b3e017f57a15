using System.Text.Json;
using System.Text.Json.Nodes;
using RedoxBuild.Tests.Upstream;

namespace RedoxBuild.Tests.Forges;

/// <summary>
/// A GitHub on loopback for FileUpstream: one upstream (redox-os/base, a local bare repository), the user alice, and
/// her fork, which POST /forks really creates (git clone --bare) and which the git-refs routes read with git. Answers
/// carry GitHub's shapes and errors; <see cref="Fail"/> makes one route answer with a chosen error.
/// </summary>
internal sealed class FakeGitHub : IAsyncDisposable
{
    private readonly GitFixture _git;
    private readonly string _upstreamBare;
    private int _pulls;

    private FakeGitHub(GitFixture git, string upstreamBare, string token)
    {
        _git = git;
        _upstreamBare = upstreamBare;
        Token = token;
        ForkBare = git.PathOf("alice-base-fork.git");
    }

    public string Token { get; }

    public string ForkBare { get; }

    public LoopbackServer Server { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => Server.Requests;

    /// <summary>"METHOD /path" → the reply that route gives instead of its normal answer.</summary>
    public Dictionary<string, Reply> Fail { get; } = [];

    public bool ForkExists => Directory.Exists(ForkBare);

    public static async Task<FakeGitHub> StartAsync(GitFixture git, string upstreamBare, string token, bool forkExists = false)
    {
        var fake = new FakeGitHub(git, upstreamBare, token);
        if (forkExists) fake.CreateFork();
        fake.Server = await LoopbackServer.StartAsync(fake.Handle);
        return fake;
    }

    private Reply Handle(RecordedRequest request)
    {
        if (request.Header("Authorization") != $"Bearer {Token}")
            return new Reply(401, """{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}""");
        if (Fail.TryGetValue($"{request.Method} {request.Target}", out var failure)) return failure;
        return (request.Method, request.Target) switch
        {
            ("GET", "/user") => new Reply(200, """{"id": 3, "login": "alice"}"""),
            ("GET", "/repos/redox-os/base") => new Reply(200, Repository("redox-os", _upstreamBare, parent: false)),
            ("GET", "/repos/alice/base") => ForkExists ? new Reply(200, Repository("alice", ForkBare, parent: true)) : NotFound,
            ("POST", "/repos/redox-os/base/forks") => CreateFork(),
            ("GET", var target) when target.StartsWith("/repos/alice/base/git/ref/", StringComparison.Ordinal) => Reference(target["/repos/alice/base/git/ref/".Length..]),
            ("POST", "/repos/redox-os/base/pulls") => OpenPull(request.Body),
            _ => NotFound,
        };
    }

    private static Reply NotFound => new(404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""");

    private Reply CreateFork()
    {
        if (!ForkExists) _git.Run(_git.Root, "clone", "--quiet", "--bare", _upstreamBare, ForkBare);
        return new Reply(202, Repository("alice", ForkBare, parent: true));
    }

    private Reply Reference(string reference)
    {
        if (!ForkExists) return NotFound;
        var (code, sha, _) = GitFixture.TryRun(ForkBare, null, "rev-parse", "--verify", "--quiet", "refs/" + reference);
        return code != 0 ? NotFound
            : new Reply(200, new JsonObject
            {
                ["ref"] = "refs/" + reference, ["url"] = "https://api.github.test/repos/alice/base/git/refs/" + reference,
                ["object"] = new JsonObject { ["type"] = "commit", ["sha"] = sha.Trim() },
            }.ToJsonString());
    }

    private Reply OpenPull(string body)
    {
        var pull = JsonNode.Parse(body)!;
        var head = (string)pull["head"]!;
        var branch = head.Split(':', 2)[1];
        if (!ForkExists || GitFixture.TryRun(ForkBare, null, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch).Code != 0)
            return new Reply(422, """{"message":"Validation Failed","errors":[{"resource":"PullRequest","field":"head","code":"invalid"}]}""");
        if (_pulls > 0)
            return new Reply(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"code\":\"custom\",\"message\":\"A pull request already exists for " + head + ".\"}]}");
        _pulls++;
        var answer = new JsonObject
        {
            ["id"] = 900, ["number"] = 42, ["html_url"] = "https://github.test/redox-os/base/pull/42", ["state"] = "open",
            ["title"] = pull["title"]!.DeepClone(), ["body"] = pull["body"]?.DeepClone(), ["draft"] = pull["draft"]?.DeepClone() ?? false,
            ["head"] = new JsonObject { ["label"] = head, ["ref"] = branch, ["sha"] = "0" },
            ["base"] = new JsonObject { ["label"] = "redox-os:" + (string)pull["base"]!, ["ref"] = pull["base"]!.DeepClone(), ["sha"] = "0" },
        };
        return new Reply(201, answer.ToJsonString());
    }

    private static string Repository(string owner, string bare, bool parent)
    {
        var json = new JsonObject
        {
            ["id"] = parent ? 7 : 1, ["name"] = "base", ["full_name"] = $"{owner}/base", ["owner"] = new JsonObject { ["id"] = parent ? 3 : 2, ["login"] = owner },
            ["html_url"] = $"https://github.test/{owner}/base", ["clone_url"] = new Uri(bare).AbsoluteUri, ["default_branch"] = "master", ["fork"] = parent,
        };
        if (parent) json["parent"] = JsonNode.Parse(Repository("redox-os", bare, parent: false));
        return json.ToJsonString(new JsonSerializerOptions());
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
