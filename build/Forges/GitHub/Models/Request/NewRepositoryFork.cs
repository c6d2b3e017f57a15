namespace RedoxBuild.GitHub;

/// <summary>The body of POST /repos/{owner}/{repo}/forks; empty forks into the token's own account.</summary>
public sealed record NewRepositoryFork
{
    /// <summary>Fork into this organization instead of the user's account.</summary>
    public string? Organization { get; init; }

    /// <summary>A different name for the fork.</summary>
    public string? Name { get; init; }

    /// <summary>Copy only the default branch (faster for big repositories).</summary>
    public bool? DefaultBranchOnly { get; init; }
}
