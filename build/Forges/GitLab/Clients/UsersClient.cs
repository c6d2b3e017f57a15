namespace RedoxBuild.GitLab;

/// <summary>Accounts.</summary>
public interface IUsersClient
{
    /// <summary>The account the token belongs to (whose namespace forks go to).</summary>
    Task<User> Current(CancellationToken cancellationToken = default);
}

internal sealed class UsersClient(ApiConnection connection) : IUsersClient
{
    [ManualRoute("GET", "/user")]
    public Task<User> Current(CancellationToken cancellationToken = default) =>
        connection.Get<User>(ApiUrls.CurrentUser(), cancellationToken);
}
