namespace RedoxBuild.GitLab;

/// <summary>
/// Every route the client calls, relative to api/v4/. A project is named by its numeric id or by its full path,
/// which GitLab wants URL-encoded as one segment ("redox-os%2Fbase").
/// </summary>
public static class ApiUrls
{
    public static Uri CurrentUser() => Relative("user");

    public static Uri Project(long id) => Relative($"projects/{id}");

    public static Uri Project(string path) => Relative($"projects/{EncodePath(path)}");

    public static Uri ProjectFork(long id) => Relative($"projects/{id}/fork");

    public static Uri ProjectFork(string path) => Relative($"projects/{EncodePath(path)}/fork");

    public static Uri MergeRequests(long projectId) => Relative($"projects/{projectId}/merge_requests");

    /// <summary>"group/sub/name" as GitLab's single path segment: every slash becomes %2F.</summary>
    public static string EncodePath(string path) => Uri.EscapeDataString(path.Trim('/'));

    private static Uri Relative(string path) => new(path, UriKind.Relative);
}
