namespace RedoxBuild.GitHub;

/// <summary>The Git Data API (Octokit's IGitDatabaseClient), here only its references.</summary>
public interface IGitDatabaseClient
{
    IReferencesClient Reference { get; }
}

/// <summary>
/// Git references. Names may be given with or without the leading "refs/" ("heads/main" or "refs/heads/main"),
/// except in <see cref="NewReference"/>, where GitHub wants the full name.
/// </summary>
public interface IReferencesClient
{
    /// <summary>Reads one reference; throws <see cref="NotFoundException"/> when it does not exist.</summary>
    Task<Reference> Get(string owner, string name, string reference, CancellationToken cancellationToken = default);

    Task<Reference> Create(string owner, string name, NewReference reference, CancellationToken cancellationToken = default);

    Task<Reference> Update(string owner, string name, string reference, ReferenceUpdate referenceUpdate, CancellationToken cancellationToken = default);

    Task Delete(string owner, string name, string reference, CancellationToken cancellationToken = default);
}

internal sealed class GitDatabaseClient(ApiConnection connection) : IGitDatabaseClient
{
    public IReferencesClient Reference { get; } = new ReferencesClient(connection);
}

internal sealed class ReferencesClient(ApiConnection connection) : IReferencesClient
{
    [ManualRoute("GET", "/repos/{owner}/{repo}/git/ref/{ref}")]
    public Task<Reference> Get(string owner, string name, string reference, CancellationToken cancellationToken = default)
    {
        Guard(owner, name, reference);
        return connection.Get<Reference>(ApiUrls.Reference(owner, name, reference), cancellationToken);
    }

    [ManualRoute("POST", "/repos/{owner}/{repo}/git/refs")]
    public Task<Reference> Create(string owner, string name, NewReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(reference);
        return connection.Post<Reference>(ApiUrls.References(owner, name), reference, cancellationToken);
    }

    [ManualRoute("PATCH", "/repos/{owner}/{repo}/git/refs/{ref}")]
    public Task<Reference> Update(string owner, string name, string reference, ReferenceUpdate referenceUpdate, CancellationToken cancellationToken = default)
    {
        Guard(owner, name, reference);
        ArgumentNullException.ThrowIfNull(referenceUpdate);
        return connection.Patch<Reference>(ApiUrls.ReferenceUpdate(owner, name, reference), referenceUpdate, cancellationToken);
    }

    [ManualRoute("DELETE", "/repos/{owner}/{repo}/git/refs/{ref}")]
    public Task Delete(string owner, string name, string reference, CancellationToken cancellationToken = default)
    {
        Guard(owner, name, reference);
        return connection.Delete(ApiUrls.ReferenceUpdate(owner, name, reference), cancellationToken);
    }

    private static void Guard(string owner, string name, string reference)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(reference);
    }
}
