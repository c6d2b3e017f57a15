using RedoxBuild.CliWrap;
using RedoxBuild.Engine;

namespace RedoxBuild.Cook.Fetch;

/// <summary>
/// A recipe's source from a release archive: extracted with tar (--strip-components=1, --no-same-owner, as upstream),
/// then committed as a git snapshot so the same edit guard, patches-as-commits and ExtractPatches work as for git
/// sources. Re-extracted only when the archive or what is applied on top changed, and never over the user's edits.
/// </summary>
public sealed class ArchiveCheckout(Git git, Processes processes)
{
    private readonly CheckoutGuard guard = new(git);

    public async Task<bool> EnsureAsync(string recipe, string directory, string url, DownloadedArchive archive, string appliedIdentity,
        Func<string, Task>? applyOnTop = null)
    {
        var existing = CheckoutGuard.ReadState(directory);
        if (existing is not null && existing.Url == url && existing.Revision == archive.Blake3 && existing.AppliedIdentity == appliedIdentity)
        {
            await guard.RefuseLocalEditsAsync(recipe, directory, existing);
            return false;
        }
        if (existing is not null) await guard.RefuseReplacingAsync(recipe, directory, existing);
        else if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            throw new LocalEditsException(
                $"{directory} exists but was not made by this build (no .git/{CheckoutState.FileName}). Move it away, or delete it if it holds nothing you need.");

        // Extract next to the checkout and swap it in with renames: a failed extraction never replaces a good checkout.
        var partial = directory + ".partial";
        if (!processes.IsDryRun)
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
            Directory.CreateDirectory(partial);
        }
        try
        {
            return await ExtractAsync(directory, partial, url, archive, appliedIdentity, applyOnTop);
        }
        catch when (!processes.IsDryRun)
        {
            // Whatever failed (tar, a patch, the source script), nothing half-made stays next to the checkout.
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
            throw;
        }
    }

    private async Task<bool> ExtractAsync(string directory, string partial, string url, DownloadedArchive archive, string appliedIdentity, Func<string, Task>? applyOnTop)
    {
        await processes.RunAsync(Cli.Wrap("tar")
            .WithArguments(["--extract", "--no-same-owner", "--strip-components=1", "--file", archive.Path, "--directory", partial])
            .WithWorkingDirectory(Path.GetDirectoryName(directory)!));
        await git.RunAsync(partial, "init", "--quiet", $"--initial-branch={CheckoutGuard.SnapshotBranch}");
        await git.CommitAllAsync(partial, $"Extract {url.Split('/').Last()} (blake3 {archive.Blake3})");
        if (applyOnTop is not null) await applyOnTop(partial);
        if (processes.IsDryRun) return true;

        var head = await git.OutputAsync(partial, "rev-parse", "HEAD");
        CheckoutGuard.WriteState(partial, new CheckoutState(url, archive.Blake3, appliedIdentity, head));
        if (Directory.Exists(directory))
        {
            var old = directory + ".old";
            Directory.Move(directory, old);
            Directory.Move(partial, directory);
            Directory.Delete(old, recursive: true);
        }
        else
        {
            Directory.Move(partial, directory);
        }
        return true;
    }
}
