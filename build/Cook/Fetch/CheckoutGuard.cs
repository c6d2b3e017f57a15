using System.Text.Json;

namespace RedoxBuild.Cook.Fetch;

/// <summary>
/// Keeps the user's edits safe in every kind of checkout (git clones, extracted archives, copied paths, all of them
/// git repositories): reads and writes the state this build left in .git, and refuses to touch a checkout that differs.
/// </summary>
public sealed class CheckoutGuard(Git git)
{
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

    /// <summary>
    /// Before a checkout is replaced wholesale (a path or archive source whose content changed is copied afresh,
    /// .git included): besides edits, stops when it holds what the fresh copy would lose and <c>git status</c>
    /// does not show: ignored files, stash entries, and refs the build did not make.
    /// </summary>
    public async Task RefuseReplacingAsync(string recipe, string directory, CheckoutState state)
    {
        await RefuseLocalEditsAsync(recipe, directory, state);
        if (git.IsDryRun) return;
        // The build commits everything it extracts or generates with add --force, so nothing ignored is its own.
        var ignored = Lines(await git.OutputAsync(directory, "status", "--porcelain", "--ignored", "--untracked-files=normal"))
            .Where(l => l.StartsWith("!! ", StringComparison.Ordinal)).Select(l => l[3..]).ToList();
        var stashes = Lines(await git.OutputAsync(directory, "stash", "list")).Count;
        var refs = Lines(await git.OutputAsync(directory, "for-each-ref", "--format=%(refname)")).Where(r => !IsBuildRef(r) && r != "refs/stash").ToList();
        if (ignored.Count == 0 && stashes == 0 && refs.Count == 0) return;

        var what = new List<string>();
        var keep = new List<string>();
        var discard = new List<string>();
        if (ignored.Count > 0)
        {
            what.Add($"{ignored.Count} ignored file{(ignored.Count == 1 ? "" : "s")} ({string.Join(", ", ignored.Take(5))}{(ignored.Count > 5 ? ", ..." : "")})");
            keep.Add("move the ignored files out of the checkout");
            discard.Add($"git -C {directory} clean -fdX");
        }
        if (stashes > 0)
        {
            what.Add($"{stashes} stash entr{(stashes == 1 ? "y" : "ies")}");
            keep.Add($"git -C {directory} stash pop, commit, then ./build.sh ExtractPatches --recipe {recipe}");
            discard.Add($"git -C {directory} stash clear");
        }
        if (refs.Count > 0)
        {
            what.Add($"refs {string.Join(", ", refs.Take(5))}{(refs.Count > 5 ? ", ..." : "")}");
            keep.Add($"git -C {directory} bundle create <file> {string.Join(" ", refs.Take(5))} (or push them somewhere)");
            discard.AddRange(refs.Select(r => $"git -C {directory} update-ref -d {r}"));
        }
        throw new LocalEditsException(
            $"{directory} holds what a fresh copy would lose ({string.Join(", ", what)}); its source changed, and the build " +
            "replaces such a checkout wholesale, so it stops instead.\n" +
            $"  Keep them:    {string.Join("; ", keep)}\n" +
            $"  Build them:   set the package rule to \"local\" in your profile, so the checkout is built as it is\n" +
            $"  Discard them: {string.Join(" && ", discard)}");
    }

    /// <summary>What the build itself makes in path and archive checkouts: the snapshot branch and refs/redox-build/*.</summary>
    private static bool IsBuildRef(string reference) =>
        reference == $"refs/heads/{SnapshotBranch}" || reference.StartsWith("refs/redox-build/", StringComparison.Ordinal);

    /// <summary>The branch path and archive checkouts are committed on (git init --initial-branch).</summary>
    public const string SnapshotBranch = "source";

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    public static CheckoutState? ReadState(string directory)
    {
        var file = Path.Combine(directory, ".git", CheckoutState.FileName);
        return File.Exists(file) ? JsonSerializer.Deserialize<CheckoutState>(File.ReadAllText(file)) : null;
    }

    public static void WriteState(string directory, CheckoutState state)
    {
        var file = Path.Combine(directory, ".git", CheckoutState.FileName);
        File.WriteAllText(file + ".tmp", JsonSerializer.Serialize(state, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(file + ".tmp", file, overwrite: true);
    }
}
