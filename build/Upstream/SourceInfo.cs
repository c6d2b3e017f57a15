namespace RedoxBuild.Upstream;

/// <summary>
/// What the build knows about a recipe's source checkout: the pinned upstream commit it was fetched at, and the
/// commit the local patch series starts from (the pinned commit plus the recipe's own patches, one commit each).
/// Local edits are the commits after <see cref="PatchBase"/>; upstream branches start from <see cref="UpstreamRev"/>.
/// </summary>
public sealed record SourceInfo(string Recipe, string UpstreamRev, string PatchBase, string? UpstreamUrl = null, string? UpstreamBranch = null);

/// <summary>
/// Where <see cref="SourceInfo"/> is kept. The seam between the patch workflow and whatever fetches sources: fetch
/// (or the patch applier) writes it, ExtractPatches and PrepareUpstream read it.
/// </summary>
public interface ISourceInfoStore
{
    /// <summary>The recorded information, or null when nothing was recorded for this checkout.</summary>
    Task<SourceInfo?> ReadAsync(GitRepository checkout, string recipe);

    Task WriteAsync(GitRepository checkout, SourceInfo info);
}

/// <summary>
/// Keeps <see cref="SourceInfo"/> in the checkout's own git metadata: two refs (refs/redox-build/upstream and
/// refs/redox-build/base) and three config keys. Refs travel with the repository, survive it being moved, keep the
/// commits alive through git gc, and make the local edits visible to plain git:
/// <c>git log refs/redox-build/base..HEAD</c>.
/// </summary>
public sealed class GitSourceInfoStore : ISourceInfoStore
{
    public const string UpstreamRef = "refs/redox-build/upstream";
    public const string BaseRef = "refs/redox-build/base";

    public async Task<SourceInfo?> ReadAsync(GitRepository checkout, string recipe)
    {
        var upstream = await checkout.ResolveCommitAsync(UpstreamRef).ConfigureAwait(false);
        var patchBase = await checkout.ResolveCommitAsync(BaseRef).ConfigureAwait(false);
        if (upstream is null || patchBase is null) return null;
        return new SourceInfo(
            await Config(checkout, "redox-build.recipe").ConfigureAwait(false) ?? recipe,
            upstream,
            patchBase,
            await Config(checkout, "redox-build.upstream-url").ConfigureAwait(false),
            await Config(checkout, "redox-build.upstream-branch").ConfigureAwait(false));
    }

    public async Task WriteAsync(GitRepository checkout, SourceInfo info)
    {
        await checkout.RunAsync("update-ref", "-m", "redox-build: pinned upstream revision", UpstreamRef, info.UpstreamRev).ConfigureAwait(false);
        await checkout.RunAsync("update-ref", "-m", "redox-build: start of the local patch series", BaseRef, info.PatchBase).ConfigureAwait(false);
        await SetConfig(checkout, "redox-build.recipe", info.Recipe).ConfigureAwait(false);
        await SetConfig(checkout, "redox-build.upstream-url", info.UpstreamUrl).ConfigureAwait(false);
        await SetConfig(checkout, "redox-build.upstream-branch", info.UpstreamBranch).ConfigureAwait(false);
    }

    /// <summary>How to record the information by hand, for messages when it is missing.</summary>
    public static string HowToRecord(string checkoutDisplay) =>
        $"git -C {checkoutDisplay} update-ref {UpstreamRef} <pinned upstream commit> && git -C {checkoutDisplay} update-ref {BaseRef} <commit your edits start from>";

    private static async Task<string?> Config(GitRepository checkout, string key)
    {
        var result = await checkout.TryAsync("config", "--get", key).ConfigureAwait(false);
        return result.ExitCode == 0 && result.StandardOutput.Trim() is { Length: > 0 } value ? value : null;
    }

    private static async Task SetConfig(GitRepository checkout, string key, string? value)
    {
        if (value is null) await checkout.TryAsync("config", "--unset", key).ConfigureAwait(false);
        else await checkout.RunAsync("config", key, value).ConfigureAwait(false);
    }
}
