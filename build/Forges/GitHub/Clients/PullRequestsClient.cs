namespace RedoxBuild.GitHub;

/// <summary>Pull requests (Octokit's IPullRequestsClient, the part this build uses).</summary>
public interface IPullRequestsClient
{
    /// <summary>Opens a pull request in owner/name; for a fork's branch, <see cref="NewPullRequest.Head"/> is "forkowner:branch".</summary>
    Task<PullRequest> Create(string owner, string name, NewPullRequest newPullRequest, CancellationToken cancellationToken = default);
}

internal sealed class PullRequestsClient(ApiConnection connection) : IPullRequestsClient
{
    [ManualRoute("POST", "/repos/{owner}/{repo}/pulls")]
    public Task<PullRequest> Create(string owner, string name, NewPullRequest newPullRequest, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(newPullRequest);
        return connection.Post<PullRequest>(ApiUrls.PullRequests(owner, name), newPullRequest, cancellationToken);
    }
}
