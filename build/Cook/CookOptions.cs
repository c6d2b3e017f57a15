using RedoxBuild.Cook.Scripting;

namespace RedoxBuild.Cook;

/// <summary>Where Cook keeps things, under the repository root unless noted.</summary>
public sealed record CookLayout(
    string Root,
    string Sources,
    string Work,
    string SourceCache,
    string LockFile,
    string Patches)
{
    public string Stages => Path.Combine(Work, "stages");
    public string Helpers => Path.Combine(Work, "helpers");

    /// <summary>build/work/&lt;triple&gt;/&lt;recipe&gt;: build tree, sysroot, toolchain, log and last key of one recipe.</summary>
    public string RecipeWork(TargetPlatform platform, string recipe) => Path.Combine(Work, platform.Triple, recipe);

    public string GitMirrors => Path.Combine(SourceCache, "git");
    public string Downloads => Path.Combine(SourceCache, "downloads");
}

/// <summary>How a cook runs: for which target, how wide, and what may be skipped.</summary>
public sealed record CookOptions(
    TargetPlatform Target,
    int Jobs,
    bool KeepGoing = false,
    bool Offline = false,
    bool Strip = true,
    string? ToolchainBin = null,
    SccacheSettings? Sccache = null)
{
    /// <summary>
    /// Variables every recipe script of this cook gets beyond the usual ones (a from-source toolchain passes
    /// COOKBOOK_HOST_SYSROOT and COOKBOOK_CROSS_*, as upstream's prefix.mk exports them). They are part of every key.
    /// </summary>
    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Names recipe scripts must not inherit from this process: every [Secret] parameter's environment spellings
    /// (tokens, S3 keys, the Redis URL), so a script cannot copy them into a stage, a log or a package.
    /// </summary>
    public IReadOnlySet<string> WithheldEnvironment { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>With a shard, this cook builds only its share and takes the rest from the remote cache.</summary>
    public Scheduling.Shard? Shard { get; init; }

    /// <summary>How long a shard waits for an output another shard builds.</summary>
    public TimeSpan ShardTimeout { get; init; } = TimeSpan.FromHours(2);
}
