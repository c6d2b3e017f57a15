namespace RedoxBuild.GitHub;

/// <summary>
/// The subset of GitHub's REST API the upstream workflow needs, in Octokit's shape (client.PullRequest.Create,
/// client.Repository.Forks.Create, client.Git.Reference.Get), so code written against it reads like Octokit code and
/// the real package could replace it if it ever becomes available from the package mirror.
/// </summary>
public interface IGitHubClient
{
    IPullRequestsClient PullRequest { get; }

    IRepositoriesClient Repository { get; }

    IGitDatabaseClient Git { get; }

    IUsersClient User { get; }

    /// <summary>The token requests are sent with; null sends anonymous requests (60 per hour).</summary>
    Credentials? Credentials { get; set; }

    /// <summary>The API root, e.g. https://api.github.com/ or http://host/api/v3/ for GitHub Enterprise.</summary>
    Uri BaseAddress { get; }
}

/// <summary>A GitHub REST client over one HttpClient; dispose it to release the connection.</summary>
public sealed class GitHubClient : IGitHubClient, IDisposable
{
    /// <summary>github.com's API root.</summary>
    public static readonly Uri GitHubApiUrl = new("https://api.github.com/");

    /// <summary>
    /// A client for <paramref name="baseAddress"/> (github.com by default). <paramref name="handler"/> replaces the
    /// network stack; the client owns and disposes it.
    /// </summary>
    public GitHubClient(ProductHeaderValue product, Uri? baseAddress = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(product);
        Connection = new ApiConnection(product, baseAddress ?? GitHubApiUrl, handler);
        PullRequest = new PullRequestsClient(Connection);
        Repository = new RepositoriesClient(Connection);
        Git = new GitDatabaseClient(Connection);
        User = new UsersClient(Connection);
    }

    /// <summary>Sends requests, parses answers and turns failures into exceptions; also describes requests for dry runs.</summary>
    public ApiConnection Connection { get; }

    public IPullRequestsClient PullRequest { get; }

    public IRepositoriesClient Repository { get; }

    public IGitDatabaseClient Git { get; }

    public IUsersClient User { get; }

    public Credentials? Credentials
    {
        get => Connection.Credentials;
        set => Connection.Credentials = value;
    }

    public Uri BaseAddress => Connection.BaseAddress;

    public void Dispose() => Connection.Dispose();
}

/// <summary>Names the program in the User-Agent header, which GitHub requires on every request.</summary>
public sealed record ProductHeaderValue(string Name, string? Version = null)
{
    public override string ToString() => Version is null ? Name : $"{Name}/{Version}";
}

/// <summary>A token (personal access token, fine-grained token or app token), sent as <c>Authorization: Bearer</c>.</summary>
public sealed record Credentials(string Token)
{
    // Records print their members; a token must never reach a log through ToString.
    public override string ToString() => "Credentials { Token = *** }";
}

/// <summary>Records the REST route a client method calls, as Octokit does; convention tests read it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ManualRouteAttribute(string verb, string path) : Attribute
{
    public string Verb { get; } = verb;

    public string Path { get; } = path;
}
