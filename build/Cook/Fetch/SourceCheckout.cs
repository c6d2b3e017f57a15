using System.Text.Json;

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
    /// <summary>
    /// Makes <paramref name="directory"/> hold <paramref name="url"/> at <paramref name="revision"/> with <paramref name="applyOnTop"/>
    /// applied (identified by <paramref name="appliedIdentity"/>). Returns true when the checkout changed, false when it already
    /// matched and was left alone.
    /// </summary>
    public async Task<bool> EnsureAsync(string recipe, string directory, string url, string revision, string appliedIdentity,
        Func<string, Task>? applyOnTop = null)
    {
        var existing = ReadState(directory);
        if (existing is not null && existing.Url == url && existing.Revision == revision && existing.AppliedIdentity == appliedIdentity)
        {
            await RefuseLocalEditsAsync(recipe, directory, existing);
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
            await RefuseLocalEditsAsync(recipe, directory, existing);
            await git.RunAsync(directory, "fetch", "--quiet", "origin");
        }

        await git.RunAsync(directory, "checkout", "--quiet", "--force", "--detach", revision);
        await git.RunAsync(directory, "submodule", "update", "--init", "--recursive", "--quiet");
        if (applyOnTop is not null) await applyOnTop(directory);
        if (git.IsDryRun) return true;

        var head = await git.OutputAsync(directory, "rev-parse", "HEAD");
        WriteState(directory, new CheckoutState(url, revision, appliedIdentity, head));
        return true;
    }

    /// <summary>Stops the build when the checkout differs from what this build left there.</summary>
    public async Task RefuseLocalEditsAsync(string recipe, string directory, CheckoutState state)
    {
        if (git.IsDryRun) return;
        var status = await git.OutputAsync(directory, "status", "--porcelain", "--untracked-files=normal", "--ignore-submodules=none");
        var head = await git.OutputAsync(directory, "rev-parse", "HEAD");
        var changedFiles = status.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        var newCommits = head == state.Head ? 0
            : await git.SucceedsAsync(directory, "merge-base", "--is-ancestor", state.Head, head)
                ? int.Parse(await git.OutputAsync(directory, "rev-list", "--count", $"{state.Head}..{head}"), System.Globalization.CultureInfo.InvariantCulture)
                : -1;
        if (changedFiles == 0 && newCommits == 0) return;

        var what = new List<string>();
        if (changedFiles > 0) what.Add($"{changedFiles} changed file{(changedFiles == 1 ? "" : "s")}");
        if (newCommits > 0) what.Add($"{newCommits} commit{(newCommits == 1 ? "" : "s")} on top of the pinned source");
        if (newCommits < 0) what.Add($"HEAD moved away from what this build checked out ({state.Head[..12]})");
        throw new LocalEditsException(
            $"{directory} has local edits ({string.Join(", ", what)}); this build never resets them.\n" +
            $"  Keep them:    ./build.sh ExtractPatches --recipe {recipe}   (turns them into patches/{recipe}/, applied on every build)\n" +
            $"  Build them:   set the package rule to \"local\" in your profile, so the checkout is built as it is\n" +
            $"  Discard them: git -C {directory} reset --hard {state.Head} && git -C {directory} clean -fd");
    }

    public static CheckoutState? ReadState(string directory)
    {
        var file = Path.Combine(directory, ".git", CheckoutState.FileName);
        return File.Exists(file) ? JsonSerializer.Deserialize<CheckoutState>(File.ReadAllText(file)) : null;
    }

    private static void WriteState(string directory, CheckoutState state)
    {
        var file = Path.Combine(directory, ".git", CheckoutState.FileName);
        File.WriteAllText(file + ".tmp", JsonSerializer.Serialize(state, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(file + ".tmp", file, overwrite: true);
    }
}
