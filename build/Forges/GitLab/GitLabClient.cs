namespace RedoxBuild.GitLab;

/// <summary>
/// The subset of GitLab's REST API (v4) the upstream workflow needs, one interface per area as in GitHubClient:
/// client.Projects.Fork, client.MergeRequests.Create, client.Users.Current.
/// </summary>
public interface IGitLabClient
{
    IProjectsClient Projects { get; }

    IMergeRequestsClient MergeRequests { get; }

    IUsersClient Users { get; }

    /// <summary>The API root: the instance URL followed by api/v4/.</summary>
    Uri BaseAddress { get; }
}

/// <summary>A GitLab REST client over one HttpClient; dispose it to release the connection.</summary>
public sealed class GitLabClient : IGitLabClient, IDisposable
{
    /// <summary>
    /// A client for the GitLab instance at <paramref name="hostUrl"/> (e.g. https://gitlab.example.com), sending
    /// <paramref name="apiToken"/> as PRIVATE-TOKEN (null sends anonymous requests). <paramref name="handler"/> replaces
    /// the network stack; the client owns and disposes it.
    /// </summary>
    public GitLabClient(Uri hostUrl, string? apiToken, HttpMessageHandler? handler = null, string userAgent = "redox-build")
    {
        ArgumentNullException.ThrowIfNull(hostUrl);
        var root = hostUrl.AbsoluteUri.EndsWith('/') ? hostUrl.AbsoluteUri : hostUrl.AbsoluteUri + "/";
        Connection = new ApiConnection(new Uri(new Uri(root), "api/v4/"), apiToken, userAgent, handler);
        Projects = new ProjectsClient(Connection);
        MergeRequests = new MergeRequestsClient(Connection);
        Users = new UsersClient(Connection);
    }

    /// <summary>Sends requests, parses answers and turns failures into exceptions; also describes requests for dry runs.</summary>
    public ApiConnection Connection { get; }

    public IProjectsClient Projects { get; }

    public IMergeRequestsClient MergeRequests { get; }

    public IUsersClient Users { get; }

    public Uri BaseAddress => Connection.BaseAddress;

    public void Dispose() => Connection.Dispose();
}

/// <summary>Records the REST route a client method calls, as in the GitHub client; convention tests read it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ManualRouteAttribute(string verb, string path) : Attribute
{
    public string Verb { get; } = verb;

    public string Path { get; } = path;
}
