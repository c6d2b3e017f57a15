using System.Collections.Frozen;

namespace RedoxBuild.Upstream;

/// <summary>
/// What makes git's output the same on every machine and every run: the user's global and system configuration
/// switched off, the C locale (so messages can be parsed), explicit format-patch options instead of defaults that
/// change between git versions, and one fixed identity and date for commits the build makes on its own.
/// </summary>
public static class StableGit
{
    /// <summary>The committer of every commit the build makes when it applies patches, so their ids are reproducible.</summary>
    public const string BuildName = "Redox Build";

    public const string BuildEmail = "redox-build@localhost";

    /// <summary>
    /// The date patch files carry and build-made commits get: format-patch's own constant for its "From" line,
    /// so extracted patches never change because a commit was amended or rebased at another time.
    /// </summary>
    public const string FixedDate = "Mon, 17 Sep 2001 00:00:00 +0000";

    /// <summary>Used in place of hooks, so a checkout's hooks never run (or fail) inside the build.</summary>
    public static readonly IReadOnlyList<string> NoHooks = ["-c", "core.hooksPath=/dev/null"];

    /// <summary>Git with only the repository's own configuration, in the C locale.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Isolated = new Dictionary<string, string?>
    {
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["LC_ALL"] = "C",
        ["GIT_TERMINAL_PROMPT"] = "0",
    }.ToFrozenDictionary();

    /// <summary>Git as the user configured it (their identity, for commits they will submit), in the C locale.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Personal = new Dictionary<string, string?>
    {
        ["LC_ALL"] = "C",
        ["GIT_TERMINAL_PROMPT"] = "0",
    }.ToFrozenDictionary();

    /// <summary>The build's own author and committer with the fixed date: commits that are the same everywhere.</summary>
    public static readonly IReadOnlyDictionary<string, string?> BuildIdentity = new Dictionary<string, string?>
    {
        ["GIT_AUTHOR_NAME"] = BuildName,
        ["GIT_AUTHOR_EMAIL"] = BuildEmail,
        ["GIT_AUTHOR_DATE"] = FixedDate,
        ["GIT_COMMITTER_NAME"] = BuildName,
        ["GIT_COMMITTER_EMAIL"] = BuildEmail,
        ["GIT_COMMITTER_DATE"] = FixedDate,
    }.ToFrozenDictionary();

    /// <summary>
    /// format-patch options that fix every choice git would otherwise take from configuration or its version:
    /// no signature (the git version), a zero "From" commit (ids change on every amend), no "[PATCH n/m]" numbering
    /// (adding a patch would renumber all), full blob ids, and an explicit diff algorithm.
    /// </summary>
    public static readonly IReadOnlyList<string> FormatPatchOptions =
    [
        "--no-signature", "--zero-commit", "--no-numbered", "--full-index", "--binary", "--no-notes", "--no-thread",
        "--no-cover-letter", "--encode-email-headers", "--diff-algorithm=myers", "--indent-heuristic", "--find-renames",
        "--stat=72", "--summary", "--src-prefix=a/", "--dst-prefix=b/", "--no-relative", "--filename-max-length=64",
        "--no-to", "--no-cc", "--no-attach", "--no-base", "--no-signoff", "--subject-prefix=PATCH",
    ];

    /// <summary>
    /// git am options that keep a patch exactly as written: only "[PATCH]" is stripped from the subject, carriage
    /// returns in content survive, no three-way merge hides a stale patch, whitespace is not "fixed".
    /// </summary>
    public static readonly IReadOnlyList<string> AmOptions =
        ["--keep-non-patch", "--keep-cr", "--no-3way", "--whitespace=nowarn", "--no-message-id", "--no-scissors"];

    public static Dictionary<string, string?> Merge(params IReadOnlyDictionary<string, string?>[] layers)
    {
        var merged = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var layer in layers)
            foreach (var (name, value) in layer)
                merged[name] = value;
        return merged;
    }
}
