using System.Security.Cryptography;
using System.Text;
using RedoxBuild.Cook.Keys;
using RedoxBuild.Cook.Scripting;
using RedoxBuild.Engine;
using Serilog;

namespace RedoxBuild.Cook.Toolchains;

/// <summary>
/// How the cooks of a from-source prefix differ from ordinary ones: the variables upstream's prefix.mk exports to them,
/// the identity that stands for the toolchain record while there is none yet (a digest of the host stages' keys), and
/// the bin/ directory target recipes (relibc) find the freestanding compiler in.
/// </summary>
public sealed record ToolchainBootstrap(IReadOnlyDictionary<string, string> Environment, string? Identity, string? ToolchainBin);

/// <summary>
/// The GCC half of the Redox prefix built from source, as upstream's prefix.mk does with PREFIX_BINARY=0:
/// host:libtool, host:binutils-gdb and host:gcc13 (freestanding: all-gcc, install-gcc) are cooked for the build
/// machine and merged into prefix/&lt;target&gt;/gcc-freestanding-install; relibc is cooked with that compiler on PATH;
/// libstdcxx-v3 builds libgcc and libstdc++ against relibc. Every stage's usr/ is merged into sysroot.partial (relibc's
/// into &lt;gnu-target&gt;/, as upstream does), which is renamed to sysroot; the record, naming every stage's key, is
/// written last. Rust is not built: it stays the pinned nightly from rustup (upstream's PREFIX_USE_UPSTREAM_RUST_COMPILER).
/// </summary>
public sealed class SourceToolchain(Processes processes, ILogger logger, string root, TargetPlatform target, string stagesRoot)
{
    /// <summary>Cooked first, for the build machine, in this order (each needs the one before).</summary>
    public static IReadOnlyList<string> HostRecipes { get; } = ["host:libtool", "host:binutils-gdb", "host:gcc13"];

    /// <summary>Cooked next, for the target, with the freestanding compiler: the C library, then GCC's target libraries.</summary>
    public static IReadOnlyList<string> TargetRecipes { get; } = ["relibc", "libstdcxx-v3"];

    public const string SourceName = "from-source";
    public const string FreestandingName = "gcc-freestanding-install";
    public const string SysrootName = "sysroot";

    private readonly PrefixTree _tree = new(processes, logger, PrefixToolchain.Directory(root, target));

    /// <summary>What upstream's prefix.mk exports to every cook of the from-source prefix.</summary>
    public static IReadOnlyDictionary<string, string> Environment(TargetPlatform target) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["COOKBOOK_HOST_SYSROOT"] = "/usr",
        ["COOKBOOK_CROSS_TARGET"] = target.Triple,
        ["COOKBOOK_CROSS_GNU_TARGET"] = target.GnuTriple,
    };

    public static string FreestandingBin(string root, TargetPlatform target) => Path.Combine(PrefixToolchain.Directory(root, target), FreestandingName, "bin");

    /// <summary>A digest of the host stages' keys: it changes whenever binutils, gcc or libtool (or the host compiler) does.</summary>
    public static string BootstrapIdentity(IEnumerable<KeyedUnit> hostUnits) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\n', hostUnits.Select(u => $"{u.Unit.Id}={u.Key.Hex}")))));

    public ToolchainRecord Record(string rustToolchain, IEnumerable<KeyedUnit> units) =>
        new(target.Triple, rustToolchain, SourceName, new Dictionary<string, string>())
        {
            StageKeys = units.ToDictionary(u => u.Unit.Id, u => u.Key.Hex, StringComparer.Ordinal),
        };

    /// <summary>The record on disk says exactly this and the sysroot is there: nothing to do, nothing to touch.</summary>
    public bool IsInstalled(ToolchainRecord record)
    {
        if (processes.IsDryRun) return false;
        var path = ToolchainIdentity.RecordPath(root, target);
        return File.Exists(path) && File.ReadAllText(path) == record.ToJson() && Directory.Exists(_tree.PathOf(SysrootName));
    }

    /// <summary>libtool, binutils and the freestanding gcc in one bin/ for relibc's cook (upstream's gcc-freestanding-install).</summary>
    public Task MergeFreestandingAsync(IReadOnlyList<KeyedUnit> hostUnits) =>
        _tree.ReplaceWithCopiesAsync(FreestandingName, hostUnits.Select(u => new TreeCopy(StageUsr(u))).ToList());

    /// <summary>
    /// Every stage merged into sysroot.partial, renamed to sysroot; the old record is removed just before the swap and
    /// the new one written after it, so no record ever describes a sysroot that is not the one in place.
    /// </summary>
    public async Task InstallAsync(ToolchainRecord record, IReadOnlyList<KeyedUnit> units, CancellationToken cancellationToken)
    {
        var gnu = target.GnuTriple;
        var copies = units.Select(u => new TreeCopy(StageUsr(u), u.Unit.Recipe.Name == "relibc" && !u.Unit.Platform.IsHost ? gnu : "")).ToList();
        var recordPath = ToolchainIdentity.RecordPath(root, target);
        var sysroot = _tree.PathOf(SysrootName);
        await _tree.ReplaceWithCopiesAsync(SysrootName, copies, async partial =>
        {
            // The compiler's sysroot is <gnu-target>/ with relibc in include/ and lib/; the usr/ links make /usr paths work too.
            await _tree.RunAsync("mkdir", "-p", Path.Combine(partial, gnu, "usr"));
            await _tree.RunAsync("ln", "-sfn", "../include", Path.Combine(partial, gnu, "usr", "include"));
            await _tree.RunAsync("ln", "-sfn", "../lib", Path.Combine(partial, gnu, "usr", "lib"));
            // libtoolize reads its auxiliary files from the /usr/share it was configured with; point it at the sysroot.
            var libtoolize = Path.Combine(partial, "bin", "libtoolize");
            if (processes.IsDryRun || File.Exists(libtoolize))
                await _tree.RunAsync("sed", "-i", $"s|/usr/share|{sysroot}/share|g", libtoolize);
        }, beforeSwap: () => File.Delete(recordPath));
        if (processes.IsDryRun)
        {
            logger.Information("[dry-run] write {Record} naming the key of every stage", recordPath);
            _tree.Delete(FreestandingName);
            return;
        }
        await File.WriteAllTextAsync(recordPath + ".tmp", record.ToJson(), cancellationToken);
        File.Move(recordPath + ".tmp", recordPath, overwrite: true);
        // Only relibc's cook needed it; the sysroot holds all of it.
        _tree.Delete(FreestandingName);
    }

    private string StageUsr(KeyedUnit unit)
    {
        var usr = Path.Combine(stagesRoot, unit.Key.Hex, "stage", "usr");
        if (!processes.IsDryRun && !Directory.Exists(usr))
            throw new BuildFailure($"{unit.Unit.Id} was cooked but its stage has no usr/ ({usr}); prefix recipes install with --prefix=/usr and DESTDIR=\"${{COOKBOOK_STAGE}}\".");
        return usr;
    }
}
