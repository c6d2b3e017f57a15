namespace RedoxBuild.GitHub;

/// <summary>
/// The body of POST /repos/{owner}/{repo}/git/refs. <see cref="Ref"/> is a full name ("refs/heads/x") and
/// <see cref="Sha"/> a commit that already exists in that repository.
/// </summary>
public sealed record NewReference
{
    public NewReference(string reference, string sha)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        ArgumentException.ThrowIfNullOrEmpty(sha);
        // GitHub rejects anything else with a 422 that does not say why; Octokit checks the same rule.
        if (!reference.StartsWith("refs/", StringComparison.Ordinal) || reference.Count(c => c == '/') < 2)
            throw new ArgumentException($"A reference must start with 'refs/' and contain at least two slashes (e.g. refs/heads/main), not '{reference}'.", nameof(reference));
        Ref = reference;
        Sha = sha;
    }

    public string Ref { get; }

    public string Sha { get; }
}

/// <summary>The body of PATCH /repos/{owner}/{repo}/git/refs/{ref}: move the reference, with Force for non-fast-forward moves.</summary>
public sealed record ReferenceUpdate(string Sha, bool Force = false);
