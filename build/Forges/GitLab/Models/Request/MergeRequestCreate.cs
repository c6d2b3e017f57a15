namespace RedoxBuild.GitLab;

/// <summary>
/// The body of POST /projects/:id/merge_requests, sent to the fork (the source project). Set
/// <see cref="TargetProjectId"/> to the upstream project's id to ask upstream to merge the fork's branch; a title
/// starting with "Draft:" opens it as a draft.
/// </summary>
public sealed record MergeRequestCreate(string SourceBranch, string TargetBranch, string Title)
{
    public string? Description { get; init; }

    public long? TargetProjectId { get; init; }

    public bool? RemoveSourceBranch { get; init; }

    public bool? AllowCollaboration { get; init; }
}
