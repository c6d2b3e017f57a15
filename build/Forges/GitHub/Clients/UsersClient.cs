namespace RedoxBuild.GitHub;

/// <summary>Accounts (Octokit's IUsersClient, the part this build uses).</summary>
public interface IUsersClient
{
    /// <summary>The account the token belongs to (where forks go).</summary>
    Task<User> Current(CancellationToken cancellationToken = default);
}

internal sealed class UsersClient(ApiConnection connection) : IUsersClient
{
    [ManualRoute("GET", "/user")]
    public Task<User> Current(CancellationToken cancellationToken = default) =>
        connection.Get<User>(ApiUrls.CurrentUser(), cancellationToken);
}
