using RedoxBuild.Cook;
using RedoxBuild.Cook.Keys;
using RedoxBuild.Cook.Toolchains;
using RedoxBuild.Engine;

// Toolchain --toolchain-from-source: the GCC prefix cooked from Redox's sources instead of downloaded.
partial class Build
{
    [Parameter("Toolchain: build the GCC prefix from source as upstream's PREFIX_BINARY=0 does (host:libtool, host:binutils-gdb, host:gcc13, relibc, libstdcxx-v3, cooked in that order and merged into prefix/<target>/sysroot) instead of downloading the prebuilt tarballs. Rust stays the pinned nightly from rustup: building rustc and LLVM from source is not supported (it needs the network and 2 h or more).")]
    readonly bool ToolchainFromSource;

    /// <summary>
    /// Keys first (no source is touched for that): when the record already names exactly these stages, the prefix is
    /// left as it is. Otherwise the host stages are cooked, merged into the freestanding directory, relibc and
    /// libstdcxx-v3 are cooked with it on PATH, and everything is merged into the sysroot and recorded.
    /// </summary>
    async Task InstallToolchainFromSourceAsync()
    {
        var environment = SourceToolchain.Environment(Platform);
        var hostPlan = SelectRecipes(SourceToolchain.HostRecipes);
        var targetPlan = SelectRecipes(SourceToolchain.TargetRecipes);
        var hostKeys = await CookServices(Platform, bootstrap: new ToolchainBootstrap(environment, null, null)).Keys
            .PlanAsync(CookUnit.FromPlan(hostPlan, Platform), CancellationToken);
        var bootstrap = new ToolchainBootstrap(environment, SourceToolchain.BootstrapIdentity(hostKeys), SourceToolchain.FreestandingBin(RootDirectory, Platform));
        var targetKeys = await CookServices(Platform, bootstrap: bootstrap).Keys.PlanAsync(CookUnit.FromPlan(targetPlan, Platform), CancellationToken);
        // The host stages in build order, then the target ones (the target plan repeats host stages it depends on).
        var stages = hostKeys.Concat(targetKeys.Where(k => hostKeys.All(h => h.Unit.Id != k.Unit.Id))).ToList();

        var prefix = new SourceToolchain(Processes, Logger, RootDirectory, Platform, CookLayout.Stages);
        var record = prefix.Record(RustToolchain, stages);
        if (prefix.IsInstalled(record))
        {
            Logger.Information("The {Target} toolchain built from source is installed and its stages are unchanged ({Stages})", Platform.Triple,
                string.Join(", ", stages.Select(s => $"{s.Unit.Id} {s.Key.Short}")));
            return;
        }
        await CookAsync(hostPlan, Platform, bootstrap);
        await prefix.MergeFreestandingAsync(hostKeys);
        await CookAsync(targetPlan, Platform, bootstrap);
        await prefix.InstallAsync(record, stages, CancellationToken);
        Logger.Information("Installed the {Target} toolchain built from source into {Sysroot}", Platform.Triple,
            Path.Combine(PrefixToolchain.Directory(RootDirectory, Platform), SourceToolchain.SysrootName));
    }
}
