using RedoxBuild.CliWrap;
using RedoxBuild.Cook.Keys;
using RedoxBuild.Engine;
using RedoxBuild.Model.Recipes;

namespace RedoxBuild.Cook.Fetch;

/// <summary>
/// Puts what goes on top of a pinned source into a checkout as commits: the recipe's own patches, its source
/// script, then the local series patches/&lt;recipe&gt;/ (last, so the user's edits follow it and ExtractPatches
/// round-trips). It also records where local edits start, even when there is nothing to apply.
/// </summary>
public interface IPatchStep
{
    /// <summary>A content identity of what would be applied (part of the checkout state, so a new patch re-applies).</summary>
    string Identity(Recipe recipe, string? sourceScript);

    Task ApplyAsync(Recipe recipe, string checkout, string? sourceScript, string? upstreamUrl, string? upstreamBranch);
}

/// <summary>
/// Puts a recipe's pinned source into build/sources/&lt;recipe&gt;: git through the mirror cache, archives through the
/// download cache, path sources copied; then its patches and its source script, as commits. A checkout holding the
/// user's edits is never touched (see <see cref="CheckoutGuard"/>); the rule "local" uses the checkout as it is.
/// Returns the directory the build reads its source from.
/// </summary>
public sealed class SourcePreparer(Git git, SourceCheckout gitCheckouts, ArchiveCheckout archives, Downloader downloader, Processes processes, IPatchStep patches, string sourcesRoot)
{
    public async Task<string> PrepareAsync(Recipe recipe, ResolvedSource source, CancellationToken cancellationToken)
    {
        var checkout = Path.Combine(sourcesRoot, recipe.Name);
        if (!processes.IsDryRun) Directory.CreateDirectory(sourcesRoot);
        var script = recipe.Source switch { GitSource g => g.Script, TarSource t => t.Script, _ => null };
        var applied = patches.Identity(recipe, script);
        var (url, branch) = source is ResolvedGit g0 ? (g0.Url, g0.Branch) : (null, null);
        Func<string, Task> applyOnTop = dir => patches.ApplyAsync(recipe, dir, script, url, branch);

        switch (source)
        {
            case ResolvedLocal local:
                return local.Checkout;
            case ResolvedNone:
                if (!processes.IsDryRun) Directory.CreateDirectory(checkout);
                return checkout;
            case ResolvedSameAs sameAs:
                return Path.Combine(sourcesRoot, sameAs.Recipe);
            case ResolvedGit g:
                await gitCheckouts.EnsureAsync(recipe.Name, checkout, g.Url, g.Commit, applied, applyOnTop);
                return checkout;
            case ResolvedArchive a:
                var archive = await downloader.FetchAsync(a.Url, a.Blake3, a.Sha256, cancellationToken, recipe.Name);
                await archives.EnsureAsync(recipe.Name, checkout, a.Url, archive, applied, applyOnTop);
                return checkout;
            case ResolvedPath p:
                await CopyPathSourceAsync(recipe, p, checkout, applied, applyOnTop);
                return checkout;
            default:
                throw new InvalidOperationException($"Unknown resolved source {source.GetType().Name}.");
        }
    }

    private async Task CopyPathSourceAsync(Recipe recipe, ResolvedPath path, string checkout, string applied, Func<string, Task> applyOnTop)
    {
        var existing = CheckoutGuard.ReadState(checkout);
        if (existing is not null && existing.Revision == path.TreeHash && existing.AppliedIdentity == applied)
        {
            await new CheckoutGuard(git).RefuseLocalEditsAsync(recipe.Name, checkout, existing);
            return;
        }
        if (existing is not null) await new CheckoutGuard(git).RefuseReplacingAsync(recipe.Name, checkout, existing);
        else if (Directory.Exists(checkout) && Directory.EnumerateFileSystemEntries(checkout).Any())
            throw new LocalEditsException($"{checkout} exists but was not made by this build. Move it away, or delete it if it holds nothing you need.");
        if (processes.IsDryRun)
        {
            await processes.RunAsync(Cli.Wrap("cp").WithArguments(["-a", path.Directory + "/.", checkout]).WithWorkingDirectory(sourcesRoot));
            return;
        }

        if (Directory.Exists(checkout)) Directory.Delete(checkout, recursive: true);
        Directory.CreateDirectory(checkout);
        await processes.RunAsync(Cli.Wrap("cp").WithArguments(["-a", path.Directory + "/.", checkout]).WithWorkingDirectory(sourcesRoot));
        if (Directory.Exists(Path.Combine(checkout, ".git"))) Directory.Delete(Path.Combine(checkout, ".git"), recursive: true);
        await git.RunAsync(checkout, "init", "--quiet", $"--initial-branch={CheckoutGuard.SnapshotBranch}");
        await git.CommitAllAsync(checkout, $"Copy {path.Directory}");
        await applyOnTop(checkout);
        var head = await git.OutputAsync(checkout, "rev-parse", "HEAD");
        CheckoutGuard.WriteState(checkout, new CheckoutState(path.Directory, path.TreeHash, applied, head));
    }
}
