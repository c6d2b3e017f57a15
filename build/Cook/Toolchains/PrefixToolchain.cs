using System.Text.Json;
using System.Text.Json.Serialization;
using RedoxBuild.CliWrap;
using RedoxBuild.Cook.Fetch;
using RedoxBuild.Cook.Scripting;
using RedoxBuild.Engine;
using Serilog;

namespace RedoxBuild.Cook.Toolchains;

/// <summary>
/// What Toolchain installed: the identity every key of this target includes. Downloaded: the tarballs' SHA-256 and
/// the URL as Source. Built from source: Source is "from-source" and StageKeys holds the key of every cooked stage.
/// </summary>
public sealed record ToolchainRecord(string Target, string RustToolchain, string Source, IReadOnlyDictionary<string, string> Sha256)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? StageKeys { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true });
}

/// <summary>
/// The Redox cross toolchain ("prefix") as upstream's PREFIX_BINARY=1 provides it: gcc-install, rust-install and
/// clang-install tarballs from static.redox-os.org/toolchain/&lt;host&gt;/&lt;target&gt;/, each checked against the
/// published SHA256SUM (upstream's Makefile does not check them), extracted into prefix/&lt;target&gt;/&lt;name&gt; and
/// merged into prefix/&lt;target&gt;/sysroot. The record written last makes the install atomic for readers.
/// </summary>
public sealed class PrefixToolchain(Processes processes, Downloader downloader, ILogger logger, string root)
{
    public static IReadOnlyList<string> Parts { get; } = ["gcc-install", "rust-install", "clang-install"];

    public const string DefaultBaseUrl = "https://static.redox-os.org/toolchain";

    public static string Directory(string root, TargetPlatform target) => Path.Combine(root, "prefix", target.Triple);

    public async Task<ToolchainRecord> InstallAsync(TargetPlatform target, string baseUrl, string rustToolchain, CancellationToken cancellationToken)
    {
        var url = $"{baseUrl.TrimEnd('/')}/{TargetPlatform.Host.Triple}/{target.Triple}";
        var prefix = Directory(root, target);
        var sums = await DownloadSumsAsync(url, cancellationToken);
        var record = new ToolchainRecord(target.Triple, rustToolchain, url, Parts.ToDictionary(p => p, p => Sum(sums, $"{p}.tar.gz", url)));
        var recordPath = Keys.ToolchainIdentity.RecordPath(root, target);
        if (!processes.IsDryRun && File.Exists(recordPath) && JsonSerializer.Deserialize<ToolchainRecord>(File.ReadAllText(recordPath)) is { } existing
            && existing.Sha256.OrderBy(e => e.Key).SequenceEqual(record.Sha256.OrderBy(e => e.Key)) && existing.RustToolchain == rustToolchain)
        {
            logger.Information("The {Target} toolchain is installed and matches {Url}", target.Triple, url);
            return existing;
        }

        if (!processes.IsDryRun) System.IO.Directory.CreateDirectory(prefix);
        var tree = new PrefixTree(processes, logger, prefix);
        foreach (var part in Parts)
        {
            var archive = await downloader.FetchAsync($"{url}/{part}.tar.gz", null, record.Sha256[part], cancellationToken);
            await ExtractAsync(tree, archive.Path, part);
        }
        await MergeSysrootAsync(tree, prefix);
        if (!processes.IsDryRun)
        {
            await File.WriteAllTextAsync(recordPath + ".tmp", record.ToJson(), cancellationToken);
            File.Move(recordPath + ".tmp", recordPath, overwrite: true);
        }
        return record;
    }

    private async Task<IReadOnlyDictionary<string, string>> DownloadSumsAsync(string url, CancellationToken cancellationToken)
    {
        if (processes.IsDryRun)
        {
            logger.Information("[dry-run] download {Url}/SHA256SUM and check every tarball against it", url);
            return Parts.ToDictionary(p => $"{p}.tar.gz", _ => "<from SHA256SUM>");
        }
        var file = await downloader.FetchAsync($"{url}/SHA256SUM", null, null, cancellationToken);
        // sha256sum's format: "<hex>  <name>" (two spaces, or " *" for binary mode).
        return (await File.ReadAllLinesAsync(file.Path, cancellationToken))
            .Select(l => l.Split(' ', 2, StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2 && p[0].Length == 64)
            .ToDictionary(p => Path.GetFileName(p[1].TrimStart('*')), p => p[0].ToLowerInvariant(), StringComparer.Ordinal);
    }

    private static string Sum(IReadOnlyDictionary<string, string> sums, string name, string url) =>
        sums.TryGetValue(name, out var sum) ? sum : throw new BuildFailure($"{url}/SHA256SUM lists no {name}; the toolchain server is incomplete or the URL is wrong (--toolchain-url).");

    // Through a .partial directory and a rename, as upstream does: an interrupted extraction is never a toolchain.
    private Task ExtractAsync(PrefixTree tree, string archive, string part) =>
        tree.ReplaceAsync(part, partial => processes.RunAsync(Cli.Wrap("tar")
            .WithArguments(["--extract", "--no-same-owner", "--strip-components=1", "--file", archive, "--directory", partial]).WithWorkingDirectory(root)));

    /// <summary>The three installs merged into one sysroot (bin/ on PATH for recipes), as upstream's prefix.mk does.</summary>
    private static Task MergeSysrootAsync(PrefixTree tree, string prefix) =>
        tree.ReplaceWithCopiesAsync("sysroot", Parts.Select(p => new TreeCopy(Path.Combine(prefix, p))).ToList());
}
