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
        var changes = Lines(status).Select(ChangedPath.Parse).ToList();
        var newCommits = head == state.Head ? 0
            : await git.SucceedsAsync(directory, "merge-base", "--is-ancestor", state.Head, head)
                ? int.Parse(await git.OutputAsync(directory, "rev-list", "--count", $"{state.Head}..{head}"), System.Globalization.CultureInfo.InvariantCulture)
                : -1;
        if (changes.Count == 0 && newCommits == 0) return;

        var what = new List<string>();
        if (changes.Count > 0)
        {
            var named = string.Join(", ", changes.Take(MaxNamedFiles).Select(c => c.Untracked ? $"{c.Path} (untracked)" : c.Path));
            var more = changes.Count > MaxNamedFiles ? $", ... ({changes.Count - MaxNamedFiles} more: git -C {directory} status)" : "";
            what.Add($"{changes.Count} changed file{(changes.Count == 1 ? "" : "s")}: {named}{more}");
        }
        if (newCommits > 0) what.Add($"{newCommits} commit{(newCommits == 1 ? "" : "s")} on top of the pinned source");
        if (newCommits < 0) what.Add($"HEAD moved away from what this build checked out ({state.Head[..12]})");
        // A recipe script that builds inside ${COOKBOOK_SOURCE} (make without a separate build directory) leaves its
        // output there, untracked: the most common "edit" nobody made by hand.
        var untracked = changes.Any(c => c.Untracked)
            ? "  Untracked files may be build output the recipe's script wrote into the source tree (e.g. a make in ${COOKBOOK_SOURCE}): " +
              $"list them with git -C {directory} clean -n -d, then remove them with git -C {directory} clean -f -d\n"
            : "";
        throw new LocalEditsException(
            $"{directory} has local edits ({string.Join("; ", what)}); this build never resets them.\n" + untracked +
            $"  Keep them:    ./build.sh ExtractPatches --recipe {recipe}   (turns them into patches/{recipe}/, applied on every build, Cook --recipe's too)\n" +
            BuildThem(recipe) +
            $"  Discard them: git -C {directory} reset --hard {state.Head} && git -C {directory} clean -fd");
    }

    private const int MaxNamedFiles = 10;

    /// <summary>
    /// The rule "local" exists only in profiles (Packages, DiskImage...); Cook --recipe has no rules and always builds the
    /// pinned source plus patches/&lt;recipe&gt;/, so there the way to build edits is to keep them as patches.
    /// </summary>
    private static string BuildThem(string recipe) =>
        $"  Build them:   in a profile, set [packages] {recipe} = \"local\" to build the checkout as it is (Cook --recipe has no rules: keep them as patches)\n";

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
            BuildThem(recipe) +
            $"  Discard them: {string.Join(" && ", discard)}");
    }

    /// <summary>What the build itself makes in path and archive checkouts: the snapshot branch and refs/redox-build/*.</summary>
    private static bool IsBuildRef(string reference) =>
        reference == $"refs/heads/{SnapshotBranch}" || reference.StartsWith("refs/redox-build/", StringComparison.Ordinal);

    /// <summary>The branch path and archive checkouts are committed on (git init --initial-branch).</summary>
    public const string SnapshotBranch = "source";

    /// <summary>
    /// One line of git status --porcelain: "XY path", or "XY old -> new" for a rename. The captured output is trimmed,
    /// so the first line may have lost X's space: the status is the first word, the path the rest.
    /// </summary>
    private sealed record ChangedPath(string Path, bool Untracked)
    {
        public static ChangedPath Parse(string line)
        {
            var trimmed = line.TrimStart();
            var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
            var path = space < 0 ? trimmed : trimmed[(space + 1)..].TrimStart();
            return new(path.Split(" -> ").Last(), trimmed.StartsWith("??", StringComparison.Ordinal));
        }
    }

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
