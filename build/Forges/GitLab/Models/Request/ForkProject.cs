namespace RedoxBuild.GitLab;

/// <summary>The body of POST /projects/:id/fork; empty forks into the token's own namespace under the same path.</summary>
public sealed record ForkProject
{
    /// <summary>Fork into this namespace (a group) instead of the user's.</summary>
    public string? NamespacePath { get; init; }

    public string? Name { get; init; }

    public string? Path { get; init; }

    /// <summary>Copy only these branches (GitLab 16+).</summary>
    public string? Branches { get; init; }
}
