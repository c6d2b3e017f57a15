using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace RedoxBuild.Cook.Fetch;

/// <summary>
/// One bare mirror per repository URL, shared by every checkout and every build on this machine
/// (default ~/.cache/redox-build/git). A mirror is fetched only when a needed revision is missing, so a pinned
/// build needs no network once its mirrors hold the pinned commits. With <paramref name="offline"/> (--offline) it
/// never clones or fetches: a missing mirror or revision stops the build before git runs.
/// </summary>
public sealed partial class GitMirrorCache(Git git, string root, bool offline = false)
{
    public string Root { get; } = root;

    /// <summary>The mirror's directory: a readable name plus a hash of the exact URL (two URLs never share one).</summary>
    public string PathFor(string url)
    {
        var readable = Unsafe().Replace(url.Split("://").Last().TrimEnd('/'), "_");
        if (readable.Length > 60) readable = readable[^60..];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..12];
        return Path.Combine(Root, $"{readable}-{hash}.git");
    }

    /// <summary>
    /// The mirror of <paramref name="url"/>, created if absent and fetched when <paramref name="revision"/> is not in it.
    /// Creation goes through a temporary directory and a rename, so an interrupted clone never looks like a mirror.
    /// <paramref name="neededBy"/> names the recipe in the message when --offline finds the mirror lacking.
    /// </summary>
    public async Task<string> EnsureAsync(string url, string? revision, string? neededBy = null)
    {
        var mirror = PathFor(url);
        if (offline) return await OfflineAsync(url, revision, neededBy, mirror);
        if (!Directory.Exists(mirror))
        {
            if (!git.IsDryRun) Directory.CreateDirectory(Root);
            var partial = mirror + $".partial-{System.Environment.ProcessId}";
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
            await git.RunAsync(Root, "clone", "--mirror", "--quiet", url, partial);
            if (git.IsDryRun) return mirror;
            if (!Directory.Exists(mirror)) Directory.Move(partial, mirror);
            else Directory.Delete(partial, recursive: true); // another build won the race; its mirror is as good
        }
        else if (revision is null || !await HasCommitAsync(mirror, revision))
        {
            await git.RunAsync(mirror, "fetch", "--prune", "--quiet", "origin");
        }

        if (revision is not null && !git.IsDryRun && !await HasCommitAsync(mirror, revision))
            throw new Engine.BuildFailure($"{url} has no commit '{revision}' (mirror {mirror}). Check the recipe's rev, or that the branch still holds it.");
        return mirror;
    }

    /// <summary>The commit a branch of <paramref name="url"/> points at now (fetching the mirror first).</summary>
    public async Task<string> ResolveBranchAsync(string url, string branch)
    {
        if (offline) throw new Engine.BuildFailure($"--offline: the tip of branch '{branch}' of {url} can only be asked of the network; pin a rev, or drop --offline.");
        var mirror = await EnsureAsync(url, revision: null);
        await git.RunAsync(mirror, "fetch", "--prune", "--quiet", "origin");
        var commit = await git.OutputAsync(mirror, "rev-parse", "--verify", "--quiet", $"refs/heads/{branch}^{{commit}}");
        return commit.Length == 40 ? commit : throw new Engine.BuildFailure($"{url} has no branch '{branch}'.");
    }

    /// <summary>The mirror as it is: only read, never cloned or fetched (the revision must be in it already).</summary>
    private async Task<string> OfflineAsync(string url, string? revision, string? neededBy, string mirror)
    {
        var recipe = neededBy ?? "<recipe>";
        var fix = $"run ./build.sh Fetch --recipe {recipe} once with the network, or copy the source cache here.";
        if (!Directory.Exists(mirror))
            throw new Engine.BuildFailure($"--offline: no mirror of {url} in {Root} (needed by recipe {recipe}); {fix}");
        if (revision is not null && !await HasCommitAsync(mirror, revision))
            throw new Engine.BuildFailure($"--offline: the mirror of {url} in {Root} lacks commit {revision} (needed by recipe {recipe}); {fix}");
        return mirror;
    }

    public Task<bool> HasCommitAsync(string mirror, string revision) =>
        git.SucceedsAsync(mirror, "cat-file", "-e", $"{revision}^{{commit}}");

    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex Unsafe();
}
