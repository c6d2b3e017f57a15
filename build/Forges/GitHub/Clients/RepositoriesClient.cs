namespace RedoxBuild.GitHub;

/// <summary>Repositories (Octokit's IRepositoriesClient, the part this build uses).</summary>
public interface IRepositoriesClient
{
    IRepositoryForksClient Forks { get; }

    /// <summary>Reads a repository; throws <see cref="NotFoundException"/> when it does not exist (or is hidden from the token).</summary>
    Task<Repository> Get(string owner, string name, CancellationToken cancellationToken = default);
}

/// <summary>Forks of a repository.</summary>
public interface IRepositoryForksClient
{
    /// <summary>
    /// Asks GitHub to fork owner/name. GitHub answers 202 at once and copies the repository in the background, so
    /// poll <see cref="IRepositoriesClient.Get"/> until the fork can be read. An existing fork is returned as is.
    /// </summary>
    Task<Repository> Create(string owner, string name, NewRepositoryFork fork, CancellationToken cancellationToken = default);
}

internal sealed class RepositoriesClient(ApiConnection connection) : IRepositoriesClient
{
    public IRepositoryForksClient Forks { get; } = new RepositoryForksClient(connection);

    [ManualRoute("GET", "/repos/{owner}/{repo}")]
    public Task<Repository> Get(string owner, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return connection.Get<Repository>(ApiUrls.Repository(owner, name), cancellationToken);
    }
}

internal sealed class RepositoryForksClient(ApiConnection connection) : IRepositoryForksClient
{
    [ManualRoute("POST", "/repos/{owner}/{repo}/forks")]
    public Task<Repository> Create(string owner, string name, NewRepositoryFork fork, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(fork);
        return connection.Post<Repository>(ApiUrls.RepositoryForks(owner, name), fork, cancellationToken);
    }
}
