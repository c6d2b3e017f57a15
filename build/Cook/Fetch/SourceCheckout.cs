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
/// A recipe's source checkout (build/sources/&lt;recipe&gt;): a local clone of the mirror that owns its objects (hardlinked
/// or copied, never borrowed through git alternates, so deleting the mirror cache cannot make the user's commits
/// unreadable), detached at the pinned commit,
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
        if (existing is not null) await DissociateAsync(directory);
        if (existing is not null && existing.Url == url && existing.Revision == revision && existing.AppliedIdentity == appliedIdentity)
        {
            await guard.RefuseLocalEditsAsync(recipe, directory, existing);
            return false;
        }

        var mirror = await mirrors.EnsureAsync(url, revision, recipe);
        if (existing is null)
        {
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
                throw new LocalEditsException(
                    $"{directory} exists but was not made by this build (no .git/{CheckoutState.FileName}). Move it away, or delete it if it holds nothing you need.");
            // A new checkout is made next to its place and renamed in when complete: a failed patch leaves nothing behind.
            var partial = directory + ".partial";
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
            try
            {
                await git.RunAsync(Path.GetDirectoryName(directory)!, "clone", "--local", "--no-checkout", "--quiet", mirror, partial);
                await git.RunAsync(partial, "remote", "add", "upstream", url);
                await CheckOutAsync(partial, url, revision, appliedIdentity, applyOnTop);
                if (git.IsDryRun) return true;
                if (Directory.Exists(directory)) Directory.Delete(directory); // the empty directory checked above
                Directory.Move(partial, directory);
            }
            catch when (!git.IsDryRun)
            {
                if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
                throw;
            }
            return true;
        }

        // The recipe moved (new rev or patches): only a checkout without the user's edits may follow it.
        await guard.RefuseLocalEditsAsync(recipe, directory, existing);
        await git.RunAsync(directory, "fetch", "--quiet", "origin");
        await CheckOutAsync(directory, url, revision, appliedIdentity, applyOnTop);
        return true;
    }

    /// <summary>
    /// Checkouts made by earlier versions borrowed the mirror's objects (clone --shared); copies what they borrow into
    /// their own pack (as clone --dissociate does) and drops the link, while the mirror is still there to copy from.
    /// </summary>
    private async Task DissociateAsync(string directory)
    {
        var alternates = Path.Combine(directory, ".git", "objects", "info", "alternates");
        if (!File.Exists(alternates)) return;
        await git.RunAsync(directory, "repack", "-a", "-d", "--quiet");
        if (!git.IsDryRun) File.Delete(alternates);
    }

    /// <summary>
    /// Detaches at the pin, records that (so a failure in what follows is not mistaken for the user's edits: the applier
    /// leaves the checkout at the pin), applies what goes on top, and records the final state.
    /// </summary>
    private async Task CheckOutAsync(string directory, string url, string revision, string appliedIdentity, Func<string, Task>? applyOnTop)
    {
        await git.RunAsync(directory, "checkout", "--quiet", "--force", "--detach", revision);
        await git.RunAsync(directory, "submodule", "update", "--init", "--recursive", "--quiet");
        if (git.IsDryRun)
        {
            if (applyOnTop is not null) await applyOnTop(directory);
            return;
        }
        var pinned = await git.OutputAsync(directory, "rev-parse", "HEAD");
        CheckoutGuard.WriteState(directory, new CheckoutState(url, revision, "(not yet applied)", pinned));
        if (applyOnTop is not null) await applyOnTop(directory);
        var head = await git.OutputAsync(directory, "rev-parse", "HEAD");
        CheckoutGuard.WriteState(directory, new CheckoutState(url, revision, appliedIdentity, head));
    }

}
