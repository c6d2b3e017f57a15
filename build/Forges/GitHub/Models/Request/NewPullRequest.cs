using System.Text.Json.Serialization;

namespace RedoxBuild.GitHub;

/// <summary>
/// The body of POST /repos/{owner}/{repo}/pulls. <see cref="Head"/> is "forkowner:branch" for a branch in a fork;
/// <see cref="Base"/> is the branch the change should land on.
/// </summary>
public sealed record NewPullRequest(string Title, string Head, [property: JsonPropertyName("base")] string Base)
{
    public string? Body { get; init; }

    /// <summary>Opens the pull request as a draft: reviewers see it is not ready to merge.</summary>
    public bool? Draft { get; init; }

    /// <summary>Lets upstream maintainers push to the fork's branch.</summary>
    public bool? MaintainerCanModify { get; init; }
}
