namespace RedoxBuild.GitHub;

/// <summary>An account (GET /user, and the owner of a repository).</summary>
public sealed record User(long Id, string Login, string? Name = null, string? HtmlUrl = null);

/// <summary>A repository; <see cref="Parent"/> is set on forks when the repository is read on its own.</summary>
public sealed record Repository(
    long Id,
    string Name,
    string FullName,
    User Owner,
    string HtmlUrl,
    string CloneUrl,
    string DefaultBranch,
    bool Fork,
    Repository? Parent = null);

/// <summary>A pull request as GitHub returns it after creation.</summary>
public sealed record PullRequest(
    long Id,
    int Number,
    string HtmlUrl,
    string State,
    string Title,
    string? Body,
    bool Draft,
    GitReference Head,
    GitReference Base);

/// <summary>One side of a pull request: "owner:branch" label, branch name and commit.</summary>
public sealed record GitReference(string Label, string Ref, string Sha);

/// <summary>A git reference (GET /repos/{owner}/{repo}/git/ref/{ref}).</summary>
public sealed record Reference(string Ref, string Url, TagObject Object, string? NodeId = null);

/// <summary>What a reference points at: its type ("commit") and object id.</summary>
public sealed record TagObject(string Type, string Sha, string? Url = null);

/// <summary>The JSON body of an error answer.</summary>
public sealed record ApiError(string? Message, IReadOnlyList<ApiErrorDetail>? Errors = null, string? DocumentationUrl = null);

/// <summary>One entry of a validation error's "errors" array.</summary>
public sealed record ApiErrorDetail(string? Resource, string? Field, string? Code, string? Message);
