namespace RedoxBuild.Upstream;

/// <summary>A repository on a forge: its full path ("owner/name"), numeric id, clone URL, default branch and, for forks, its upstream.</summary>
public sealed record ForgeProject(string Path, long Id, string CloneUrl, string DefaultBranch, string? ParentPath);

/// <summary>What to open: the fork's branch against the upstream's target branch, with the author's title and text.</summary>
public sealed record DraftRequest(ForgeProject Upstream, ForgeProject Fork, string ForkOwner, string Branch, string TargetBranch, string Title, string Body);

/// <summary>The draft pull or merge request the forge opened.</summary>
public sealed record ForgeDraft(string Url, long Number, bool Draft, string Title);

/// <summary>A request a dry run prints instead of sending: method, URL, JSON body and why it would be sent.</summary>
public sealed record PlannedRequest(string Method, string Url, string? Body, string Purpose)
{
    public override string ToString() => $"{Method} {Url}{(Body is null ? "" : " " + Body)}  ({Purpose})";
}

/// <summary>
/// One forge (GitHub or GitLab) as FileUpstream needs it. Implementations turn the client's exceptions into build
/// failures that say, in words, what went wrong and what to do (token, permission, rate limit, existing request).
/// </summary>
public interface IForge
{
    /// <summary>"GitHub" or "GitLab", for messages.</summary>
    string Name { get; }

    /// <summary>The user name git sends over HTTPS with the token as password.</summary>
    string GitUsername { get; }

    /// <summary>The login of the token's account, whose namespace the fork lives in.</summary>
    Task<string> CurrentUserAsync(CancellationToken cancellationToken);

    /// <summary>The project at "owner/name", or null when there is none.</summary>
    Task<ForgeProject?> FindProjectAsync(string path, CancellationToken cancellationToken);

    /// <summary>Asks for a fork of <paramref name="upstream"/> in the user's namespace; it may not be ready yet.</summary>
    Task<ForgeProject> CreateForkAsync(ForgeProject upstream, CancellationToken cancellationToken);

    /// <summary>True once the fork's repository can take a push.</summary>
    Task<bool> IsForkReadyAsync(ForgeProject fork, CancellationToken cancellationToken);

    /// <summary>The commit <paramref name="branch"/> points at in the fork, or null when it does not exist (or the forge cannot say).</summary>
    Task<string?> BranchHeadAsync(ForgeProject fork, string branch, CancellationToken cancellationToken);

    /// <summary>Opens a draft pull/merge request from the fork's branch into the upstream.</summary>
    Task<ForgeDraft> OpenDraftAsync(DraftRequest request, CancellationToken cancellationToken);

    /// <summary>The requests a real run sends before the push; <paramref name="login"/> and the fork path may be placeholders.</summary>
    IReadOnlyList<PlannedRequest> PlanBeforePush(string upstreamPath, string login, string forkPath, string branch);

    /// <summary>The request that opens the draft; ids and branches may be placeholders.</summary>
    PlannedRequest PlanDraft(DraftRequest request);
}

/// <summary>Placeholders a dry run prints for values only a real run's earlier answers would give.</summary>
public static class Placeholders
{
    public const string Login = "<your login>";
    public const string DefaultBranch = "<upstream's default branch>";
    public const string ForkCloneUrl = "<your fork's clone URL>";
    public const long UnknownId = 0;

    /// <summary>A URL with placeholders readable again (they were escaped as path segments).</summary>
    public static string Unescape(string url) =>
        new[] { Login, DefaultBranch }.Aggregate(url, (text, placeholder) => text.Replace(Uri.EscapeDataString(placeholder), placeholder, StringComparison.Ordinal));
}

/// <summary>"owner/name" (or "group/sub/name") from a clone URL; null for local paths and file:// URLs.</summary>
public static class UpstreamProjects
{
    public static string? PathFromUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        string path;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "ssh" or "git")
            path = uri.AbsolutePath;
        else if (url.IndexOf(':') is var colon and > 0 && !url.Contains("://", StringComparison.Ordinal) && url[..colon].Contains('@'))
            path = url[(colon + 1)..]; // scp-like git@host:owner/name.git
        else
            return null;
        path = Uri.UnescapeDataString(path).Trim('/');
        if (path.EndsWith(".git", StringComparison.Ordinal)) path = path[..^4];
        return path.Contains('/') ? path : null;
    }
}

/// <summary>How long to wait after a forge's rate limit, in the words the failure message uses.</summary>
internal static class RateLimitAdvice
{
    public static string Wait(TimeSpan? retryAfter, DateTimeOffset? reset, TimeProvider time) =>
        retryAfter is { } after ? $"Wait {Math.Ceiling(after.TotalSeconds):0} s"
        : reset is { } at ? $"Wait until {at.UtcDateTime:HH:mm:ss} UTC ({Math.Max(1, Math.Ceiling((at - time.GetUtcNow()).TotalMinutes)):0} min from now)"
        : "Wait a few minutes";
}
