namespace RedoxBuild.Cook.Fetch;

/// <summary>
/// What this build last put in a checkout, kept inside its .git directory (so git status never shows it):
/// the source it came from, the pinned commit, the identity of what was applied on top, and the HEAD that resulted.
/// Anything that differs from <see cref="Head"/> is the user's edit.
/// </summary>
public sealed record CheckoutState(string Url, string Revision, string AppliedIdentity, string Head)
{
    public const string FileName = "redox-build-source.json";
}

/// <summary>Why a checkout can't be touched: the user changed it. Says how to keep or discard the edits.</summary>
public sealed class LocalEditsException(string message) : Engine.BuildFailure(message);

/// <summary>
/// A recipe's source checkout (build/sources/&lt;recipe&gt;): a shared clone of the mirror, detached at the pinned commit,
/// with the recipe's patches applied as commits. A checkout holding the user's edits (uncommitted changes, or commits
/// on top of what this build left) is never reset or overwritten: the build stops and says how to keep or discard them.
/// </summary>
public sealed class SourceCheckout(Git git, GitMirrorCache mirrors)
{
    private readonly CheckoutGuard guard = new(git);

    /// <summary>
    /// Makes <paramref name="directory"/> hold <paramref name="url"/> at <paramref name="revision"/> with <paramref name="applyOnTop"/>
    /// applied (identified by <paramref name="appliedIdentity"/>). Returns true when the checkout changed, false when it already
    /// matched and was left alone.
    /// </summary>
    public async Task<bool> EnsureAsync(string recipe, string directory, string url, string revision, string appliedIdentity,
        Func<string, Task>? applyOnTop = null)
    {
        var existing = CheckoutGuard.ReadState(directory);
        if (existing is not null && existing.Url == url && existing.Revision == revision && existing.AppliedIdentity == appliedIdentity)
        {
            await guard.RefuseLocalEditsAsync(recipe, directory, existing);
            return false;
        }

        var mirror = await mirrors.EnsureAsync(url, revision);
        if (existing is null)
        {
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
                throw new LocalEditsException(
                    $"{directory} exists but was not made by this build (no .git/{CheckoutState.FileName}). Move it away, or delete it if it holds nothing you need.");
            await git.RunAsync(Path.GetDirectoryName(directory)!, "clone", "--shared", "--no-checkout", "--quiet", mirror, directory);
            await git.RunAsync(directory, "remote", "add", "upstream", url);
        }
        else
        {
            // The recipe moved (new rev or patches): only a checkout without the user's edits may follow it.
            await guard.RefuseLocalEditsAsync(recipe, directory, existing);
            await git.RunAsync(directory, "fetch", "--quiet", "origin");
        }

        await git.RunAsync(directory, "checkout", "--quiet", "--force", "--detach", revision);
        await git.RunAsync(directory, "submodule", "update", "--init", "--recursive", "--quiet");
        if (applyOnTop is not null) await applyOnTop(directory);
        if (git.IsDryRun) return true;

        var head = await git.OutputAsync(directory, "rev-parse", "HEAD");
        CheckoutGuard.WriteState(directory, new CheckoutState(url, revision, appliedIdentity, head));
        return true;
    }

}
