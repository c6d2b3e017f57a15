using RedoxBuild.Cook.Fetch;
using RedoxBuild.Engine;
using RedoxBuild.Model.Recipes;

namespace RedoxBuild.Cook.Keys;

/// <summary>Where a recipe's source comes from, pinned: what the key covers and what Fetch checks out.</summary>
public abstract record ResolvedSource(string Identity);

public sealed record ResolvedGit(string Url, string Commit, string? Branch) : ResolvedSource($"git:{Url}@{Commit}");

public sealed record ResolvedArchive(string Url, string? Blake3, string? Sha256) : ResolvedSource(
    Blake3 is not null ? $"tar:blake3:{Blake3}" : Sha256 is not null ? $"tar:sha256:{Sha256}" : $"tar:unresolved:{Url}");

public sealed record ResolvedPath(string Directory, string TreeHash) : ResolvedSource($"path:{TreeHash}");

public sealed record ResolvedSameAs(string Recipe, ResolvedSource Other) : ResolvedSource(Other.Identity);

public sealed record ResolvedLocal(string Checkout, string TreeHash) : ResolvedSource($"local:{TreeHash}");

public sealed record ResolvedNone() : ResolvedSource("none");

/// <summary>
/// Pins every source before anything builds: a rev is taken as is; a branch is resolved through recipes.lock (or, the
/// first time, by asking the repository and recording the answer); an archive without a checksum is downloaded once
/// and its BLAKE3 recorded (trust on first use); path sources are hashed; same_as follows the other recipe.
/// </summary>
public sealed class SourceResolver(RecipesLock recipesLock, GitMirrorCache mirrors, Downloader downloader, RecipeCatalog catalog, bool offline, bool dryRun)
{
    public async Task<ResolvedSource> ResolveAsync(Recipe recipe, bool local, string checkout, CancellationToken cancellationToken, int depth = 0)
    {
        if (local)
        {
            if (!Directory.Exists(checkout))
                throw new BuildFailure($"{recipe.Name} uses the rule \"local\", but {checkout} does not exist; fetch it once with ./build.sh Fetch --recipe {recipe.Name} (rule source), then edit it.");
            return new ResolvedLocal(checkout, TreeHash.Of(checkout));
        }

        switch (recipe.Source)
        {
            case null:
                return new ResolvedNone();
            case GitSource { Rev: { } rev } git:
                return new ResolvedGit(git.Url, rev, git.Branch);
            case GitSource git:
                return await ResolveBranchAsync(recipe, git);
            case TarSource tar when tar.Blake3 is not null || tar.Sha256 is not null:
                return new ResolvedArchive(tar.Url, tar.Blake3?.ToLowerInvariant(), tar.Sha256?.ToLowerInvariant());
            case TarSource tar:
                return await ResolveArchiveAsync(recipe, tar, cancellationToken);
            case PathSource path:
                var directory = Path.GetFullPath(path.Path, recipe.Directory);
                if (!Directory.Exists(directory)) throw new BuildFailure($"{recipe.File}: path source {path.Path} ({directory}) does not exist.");
                return new ResolvedPath(directory, TreeHash.Of(directory));
            case SameAsSource sameAs:
                if (depth > 8) throw new BuildFailure($"{recipe.File}: same_as chain is too deep (a cycle?).");
                var otherName = Path.GetFileName(Path.GetFullPath(sameAs.RecipePath, recipe.Directory).TrimEnd('/'));
                var other = catalog.Find(otherName) ?? throw new BuildFailure($"{recipe.File}: same_as \"{sameAs.RecipePath}\" names recipe {otherName}, which does not exist.");
                return new ResolvedSameAs(otherName, await ResolveAsync(other, false, checkout, cancellationToken, depth + 1));
            default:
                throw new InvalidOperationException($"Unknown source kind {recipe.Source.GetType().Name}.");
        }
    }

    private async Task<ResolvedSource> ResolveBranchAsync(Recipe recipe, GitSource git)
    {
        var branch = git.Branch ?? "master";
        var source = $"git:{git.Url}#{branch}";
        if (recipesLock.Find(recipe.Name, source) is { Rev: { } locked }) return new ResolvedGit(git.Url, locked, branch);
        if (offline)
            throw new BuildFailure($"{recipe.Name} follows branch {branch} of {git.Url} and recipes.lock has no commit for it; resolving needs the network (drop --offline), or pin rev in {recipe.File}.");
        if (dryRun) return new ResolvedGit(git.Url, $"<tip of {branch}>", branch);
        var commit = await mirrors.ResolveBranchAsync(git.Url, branch);
        recipesLock.Record(recipe.Name, new LockEntry(source, Branch: branch, Rev: commit));
        return new ResolvedGit(git.Url, commit, branch);
    }

    private async Task<ResolvedSource> ResolveArchiveAsync(Recipe recipe, TarSource tar, CancellationToken cancellationToken)
    {
        var source = $"tar:{tar.Url}";
        if (recipesLock.Find(recipe.Name, source) is { } entry) return new ResolvedArchive(tar.Url, entry.Blake3, entry.Sha256);
        if (offline)
            throw new BuildFailure($"{recipe.Name}: {tar.Url} has no checksum in the recipe or in recipes.lock; the first download needs the network (drop --offline).");
        var archive = await downloader.FetchAsync(tar.Url, null, null, cancellationToken);
        if (dryRun) return new ResolvedArchive(tar.Url, null, null);
        recipesLock.Record(recipe.Name, new LockEntry(source, Blake3: archive.Blake3, Sha256: archive.Sha256));
        return new ResolvedArchive(tar.Url, archive.Blake3, archive.Sha256);
    }
}
