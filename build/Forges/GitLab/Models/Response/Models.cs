namespace RedoxBuild.GitLab;

/// <summary>An account (GET /user).</summary>
public sealed record User(long Id, string Username, string? Name = null);

/// <summary>
/// A project. <see cref="ImportStatus"/> follows a fork's copy: "scheduled", "started", then "finished" (or
/// "failed"); "none" for projects that were never imported.
/// </summary>
public sealed record Project(
    long Id,
    string Name,
    string Path,
    string PathWithNamespace,
    string WebUrl,
    string HttpUrlToRepo,
    string? DefaultBranch = null,
    string? ImportStatus = null,
    ForkedFromProject? ForkedFromProject = null);

/// <summary>The upstream of a fork, as GitLab embeds it in the fork's project.</summary>
public sealed record ForkedFromProject(long Id, string PathWithNamespace);

/// <summary>A merge request as GitLab returns it after creation.</summary>
public sealed record MergeRequest(
    long Id,
    long Iid,
    string Title,
    string? Description,
    string State,
    bool Draft,
    string WebUrl,
    string SourceBranch,
    string TargetBranch,
    long SourceProjectId,
    long TargetProjectId);
