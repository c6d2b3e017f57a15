namespace RedoxBuild.GitHub;

/// <summary>Every route the client calls, relative to the API root, with each path segment escaped.</summary>
public static class ApiUrls
{
    public static Uri CurrentUser() => Relative("user");

    public static Uri Repository(string owner, string name) => Relative($"repos/{Segment(owner)}/{Segment(name)}");

    public static Uri RepositoryForks(string owner, string name) => Relative($"repos/{Segment(owner)}/{Segment(name)}/forks");

    public static Uri PullRequests(string owner, string name) => Relative($"repos/{Segment(owner)}/{Segment(name)}/pulls");

    /// <summary>
    /// GitHub's documented single-reference route (singular "ref"). Octokit uses the plural route, which answers
    /// with an array when the name is only a prefix of existing references.
    /// </summary>
    public static Uri Reference(string owner, string name, string reference) =>
        Relative($"repos/{Segment(owner)}/{Segment(name)}/git/ref/{ReferencePath(reference)}");

    public static Uri References(string owner, string name) => Relative($"repos/{Segment(owner)}/{Segment(name)}/git/refs");

    /// <summary>The plural route, which updates and deletes use.</summary>
    public static Uri ReferenceUpdate(string owner, string name, string reference) =>
        Relative($"repos/{Segment(owner)}/{Segment(name)}/git/refs/{ReferencePath(reference)}");

    /// <summary>"refs/heads/x" and "heads/x" name the same reference in the routes, as in Octokit.</summary>
    public static string TrimRefsPrefix(string reference) =>
        reference.StartsWith("refs/", StringComparison.Ordinal) ? reference["refs/".Length..] : reference;

    // Slashes in a reference name are path separators in the route; everything else is escaped per segment.
    private static string ReferencePath(string reference) =>
        string.Join('/', TrimRefsPrefix(reference).Split('/').Select(Segment));

    private static string Segment(string value) => Uri.EscapeDataString(value);

    private static Uri Relative(string path) => new(path, UriKind.Relative);
}
