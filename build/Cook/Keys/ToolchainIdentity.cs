using RedoxBuild.CliWrap;
using RedoxBuild.Cook.Scripting;
using RedoxBuild.Engine;

namespace RedoxBuild.Cook.Keys;

/// <summary>
/// What compiles a platform's recipes, as one string for the keys: for the host, rustc's -vV and the C compiler's
/// version; for Redox, the record the Toolchain target writes into prefix/&lt;triple&gt;/toolchain.json (the prefix
/// tarballs' SHA-256 and the Rust nightly). A new compiler therefore rebuilds everything it compiled. When scripts run
/// in a builder container, the image's ID (a hash of everything in it) stands for the host's compilers instead.
/// While Toolchain builds the prefix from source there is no record yet: <paramref name="bootstrap"/> (a digest of
/// the host stages' keys: binutils, gcc) stands for it, so a binutils change also changes relibc's key.
/// </summary>
public sealed class ToolchainIdentity(Processes processes, string root, Func<Task<string>>? builderImageId = null, string? bootstrap = null)
{
    private readonly Dictionary<string, Task<string>> _known = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public static string RecordPath(string root, TargetPlatform platform) => Path.Combine(root, "prefix", platform.Triple, "toolchain.json");

    /// <summary>The key of the relibc installed into the prefix sysroot (Relibc writes it).</summary>
    public static string RelibcKeyPath(string root, TargetPlatform platform) => Path.Combine(root, "prefix", platform.Triple, "relibc.key");

    /// <summary>
    /// A recipe's view of the toolchain: Redox recipes other than relibc also get the installed relibc's key, because
    /// they link against the libc in the prefix sysroot; a relibc change therefore rebuilds them (upstream misses it).
    /// </summary>
    public async Task<string> ForRecipeAsync(TargetPlatform platform, string recipe)
    {
        var identity = await ForAsync(platform);
        // A bootstrap cook builds the libc its dependents link against; the installed relibc is not theirs.
        if (platform.IsHost || recipe == "relibc" || bootstrap is not null) return identity;
        var relibc = RelibcKeyPath(root, platform);
        return File.Exists(relibc) ? $"{identity}\nrelibc:{File.ReadAllText(relibc).Trim()}" : identity;
    }

    public Task<string> ForAsync(TargetPlatform platform)
    {
        lock (_lock)
        {
            if (!_known.TryGetValue(platform.Triple, out var task)) _known[platform.Triple] = task = ComputeAsync(platform);
            return task;
        }
    }

    private async Task<string> ComputeAsync(TargetPlatform platform)
    {
        if (bootstrap is not null && !platform.IsHost) return "bootstrap:" + bootstrap;
        if (processes.IsDryRun) return "unknown (dry run)";
        var container = builderImageId is null ? "" : "\ncontainer:" + await builderImageId();
        if (!platform.IsHost)
        {
            var record = RecordPath(root, platform);
            if (!File.Exists(record))
                throw new BuildFailure($"No toolchain for {platform.Triple} ({record} is missing). Install it first: ./build.sh Toolchain --target-triple {platform.Triple}");
            return "prefix:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(record))) + container;
        }
        if (builderImageId is not null) return container.TrimStart('\n');
        var rustc = await processes.CaptureAsync(Cli.Wrap("rustc").WithArguments("-vV").WithWorkingDirectory(root).WithValidation(CommandResultValidation.None));
        var cc = await processes.CaptureAsync(Cli.Wrap($"{platform.GnuTriple}-gcc").WithArguments("--version").WithWorkingDirectory(root).WithValidation(CommandResultValidation.None));
        return $"host:{rustc.StandardOutput.Trim()}\n{cc.StandardOutput.Split('\n')[0].Trim()}";
    }
}
