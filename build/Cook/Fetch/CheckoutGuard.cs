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
