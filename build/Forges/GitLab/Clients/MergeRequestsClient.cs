namespace RedoxBuild.GitLab;

/// <summary>Merge requests.</summary>
public interface IMergeRequestsClient
{
    /// <summary>
    /// Opens a merge request from a branch of <paramref name="projectId"/> (for a fork: the fork's id). Throws
    /// <see cref="ConflictException"/> when an open merge request for the same branches exists.
    /// </summary>
    Task<MergeRequest> Create(long projectId, MergeRequestCreate mergeRequest, CancellationToken cancellationToken = default);
}

internal sealed class MergeRequestsClient(ApiConnection connection) : IMergeRequestsClient
{
    [ManualRoute("POST", "/projects/:id/merge_requests")]
    public Task<MergeRequest> Create(long projectId, MergeRequestCreate mergeRequest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mergeRequest);
        return connection.Post<MergeRequest>(ApiUrls.MergeRequests(projectId), mergeRequest, cancellationToken);
    }
}
