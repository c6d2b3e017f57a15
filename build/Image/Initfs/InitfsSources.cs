namespace RedoxBuild.Image.Initfs;

/// <summary>
/// Where the initfs's parts come from: the staged outputs of base and redoxfs. base's stage is read the way its
/// install-base target lays it out (daemons in usr/bin, drivers in usr/lib/drivers), plus usr/lib/initfs/ for what
/// exists only for the initfs: <c>bootstrap</c> (the first process, prepended to the archive), <c>init.d/</c> (the
/// init.initfs.d scripts) and optionally <c>bin/</c> and <c>drivers/</c> with size-optimised builds that take
/// precedence over the general ones. The daemon list is upstream's INITFS_BINS (ps2d only on x86).
/// </summary>
public sealed record InitfsSources(string BaseStage, string RedoxfsStage, string Architecture)
{
    public const string InitfsOnly = "usr/lib/initfs";

    public static readonly IReadOnlyList<string> CommonDaemons =
    [
        "init", "logd", "ramfs", "randd", "zerod", "acpid", "fbbootlogd", "fbcond", "hwd", "inputd", "lived", "pcid", "pcid-spawner", "rtcd", "vesad",
    ];

    /// <summary>The daemons for this architecture: the PS/2 driver exists only on x86 machines.</summary>
    public IReadOnlyList<string> Daemons => Architecture is "x86_64" or "i586" or "i686" ? [.. CommonDaemons, "ps2d"] : CommonDaemons;

    public string Bootstrap => Path.Combine(BaseStage, InitfsOnly, "bootstrap");

    public string InitScripts => Path.Combine(BaseStage, InitfsOnly, "init.d");

    /// <summary>Candidates for a daemon, best first.</summary>
    public IEnumerable<string> DaemonCandidates(string name) =>
        name == "redoxfs"
            ? [Path.Combine(BaseStage, InitfsOnly, "bin", name), Path.Combine(RedoxfsStage, "usr", "bin", name)]
            : [Path.Combine(BaseStage, InitfsOnly, "bin", name), Path.Combine(BaseStage, "usr", "bin", name)];

    public IEnumerable<string> DriverCandidates(string name) =>
        [Path.Combine(BaseStage, InitfsOnly, "drivers", name), Path.Combine(BaseStage, "usr", "lib", "drivers", name)];

    /// <summary>The architecture part of a target triple ("x86_64-unknown-redox" gives "x86_64").</summary>
    public static string ArchitectureOf(string triple) => triple.Split('-')[0];
}
