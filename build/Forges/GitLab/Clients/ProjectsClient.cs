namespace RedoxBuild.GitLab;

/// <summary>Projects: read one, fork one.</summary>
public interface IProjectsClient
{
    /// <summary>Reads a project by id; throws <see cref="NotFoundException"/> when it does not exist.</summary>
    Task<Project> Get(long id, CancellationToken cancellationToken = default);

    /// <summary>Reads a project by its full path ("group/name").</summary>
    Task<Project> Get(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forks a project. GitLab answers at once with the new project and copies the repository in the background:
    /// poll <see cref="Get(long, CancellationToken)"/> until <see cref="Project.ImportStatus"/> is "finished".
    /// </summary>
    Task<Project> Fork(string path, ForkProject fork, CancellationToken cancellationToken = default);
}

internal sealed class ProjectsClient(ApiConnection connection) : IProjectsClient
{
    [ManualRoute("GET", "/projects/:id")]
    public Task<Project> Get(long id, CancellationToken cancellationToken = default) =>
        connection.Get<Project>(ApiUrls.Project(id), cancellationToken);

    [ManualRoute("GET", "/projects/:id")]
    public Task<Project> Get(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return connection.Get<Project>(ApiUrls.Project(path), cancellationToken);
    }

    [ManualRoute("POST", "/projects/:id/fork")]
    public Task<Project> Fork(string path, ForkProject fork, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(fork);
        return connection.Post<Project>(ApiUrls.ProjectFork(path), fork, cancellationToken);
    }
}
