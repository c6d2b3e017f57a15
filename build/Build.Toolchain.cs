using RedoxBuild.CliWrap;
using RedoxBuild.Cook.Fetch;
using RedoxBuild.Cook.Keys;
using RedoxBuild.Cook.Toolchains;
using RedoxBuild.Doctor;
using RedoxBuild.Engine;

// The Redox cross toolchain and the typed targets over the core components. On the host triple (tests, host tools)
// the prefix is not needed: Toolchain and Relibc skip themselves.
partial class Build
{
    [Parameter("The rustup toolchain Redox recipes build with (the pinned nightly of pins.md).")]
    readonly string RustToolchain = "nightly-2025-10-03";

    [Parameter("Base URL of the prebuilt Redox toolchains (<url>/<host>/<target>/{gcc,rust,clang}-install.tar.gz and SHA256SUM).")]
    readonly string ToolchainUrl = PrefixToolchain.DefaultBaseUrl;

    [UsesTools(ToolFamily.RustToolchain, ToolFamily.Sources, ToolFamily.CBuild)]
    Target Toolchain => _ => _
        .Description("Installs the pinned Rust nightly (rustup: rust-src and the Redox target) and the Redox prefix toolchain (prebuilt tarballs checked against the published SHA256SUM, or with --toolchain-from-source GCC, binutils, relibc and libstdc++ cooked from source) into prefix/<target>.")
        .OnlyWhenStatic(() => !Platform.IsHost)
        .Executes(async () =>
        {
            // Looked up on this build's PATH (not only the process's), so a PATH given to the build is the one used.
            var rustup = new ToolProbe(Processes, EnvironmentVariables).Find("rustup") ?? "rustup";
            await new RustupToolchain(Processes, Logger, rustup, RootDirectory).EnsureAsync(new RustupRequest(RustToolchain, TargetTriple, ["rust-src", "rustfmt"]));
            if (ToolchainFromSource)
            {
                await InstallToolchainFromSourceAsync();
                ReportSummary(s => s["Prefix"] = $"{TargetTriple} (GCC from source, {RustToolchain})");
                return;
            }
            var downloader = new Downloader(new HttpClient(), CookLayout.Downloads, Logger, IsDryRun);
            var record = await new PrefixToolchain(Processes, downloader, Logger, RootDirectory).InstallAsync(Platform, ToolchainUrl, RustToolchain, CancellationToken);
            ReportSummary(s => s["Prefix"] = $"{record.Target} ({RustToolchain})");
        });

    [UsesTools(ToolFamily.Sources, ToolFamily.RustToolchain)]
    Target Relibc => _ => _
        .Description("Cooks relibc and installs it into the prefix sysroot, as upstream's prefix does; every other Redox recipe's key includes relibc's, so a libc change rebuilds them.")
        .DependsOn(Toolchain)
        .OnlyWhenStatic(() => !Platform.IsHost)
        .Executes(async () =>
        {
            await CookAsync(SelectRecipes(["relibc"]), Platform);
            var stage = new RedoxBuild.Cook.Staging.StageStore(CookLayout.Stages);
            var keyed = await CookServices(Platform).Keys.PlanAsync(RedoxBuild.Cook.CookUnit.FromPlan(SelectRecipes(["relibc"]), Platform), CancellationToken);
            var relibc = keyed.Single(k => k.Unit.Recipe.Name == "relibc");
            var sysroot = Path.Combine(PrefixToolchain.Directory(RootDirectory, Platform), "sysroot", Platform.GnuTriple);
            if (IsDryRun)
            {
                Logger.Information("[dry-run] install relibc's stage usr/ into {Sysroot}", sysroot);
                return;
            }
            var output = stage.TryGet(relibc.Key.Hex) ?? throw new BuildFailure("relibc was cooked but its stage is missing.");
            await Processes.RunAsync(Cli.Wrap("cp").WithArguments(["-a", Path.Combine(output.Tree, "usr") + "/.", sysroot]).WithWorkingDirectory(RootDirectory));
            await File.WriteAllTextAsync(ToolchainIdentity.RelibcKeyPath(RootDirectory, Platform), relibc.Key.Hex + "\n");
        });

    [UsesTools(ToolFamily.Sources, ToolFamily.RustToolchain)]
    Target Kernel => _ => _
        .Description("Cooks the kernel (its Makefile: cargo rustc with the custom JSON target and -Z build-std; kernel, kernel.sym in usr/lib/boot).")
        .DependsOn(Toolchain)
        .Executes(() => CookAsync(SelectRecipes(["kernel"]), Platform));

    [UsesTools(ToolFamily.Sources, ToolFamily.RustToolchain)]
    Target Bootloader => _ => _
        .Description("Cooks the bootloader (BIOS and UEFI variants, live variants too) into usr/lib/boot.")
        .DependsOn(Toolchain)
        .Executes(() => CookAsync(SelectRecipes(["bootloader"]), Platform));

    [UsesTools(ToolFamily.Sources, ToolFamily.RustToolchain)]
    Target Base => _ => _
        .Description("Cooks base: init, daemons, drivers and the initfs, against relibc in the prefix sysroot.")
        .DependsOn(Relibc)
        .Executes(() => CookAsync(SelectRecipes(["base"]), Platform));

    [UsesTools(ToolFamily.Sources, ToolFamily.RustToolchain)]
    Target HostTools => _ => _
        .Description("Cooks the host tools images are made with (host:redoxfs for redoxfs-ar, host:installer, host:redox-initfs-tools for redox-initfs-ar) with the host's cargo.")
        .Executes(() => CookAsync(SelectRecipes(["host:redoxfs", "host:installer", "host:redox-initfs-tools"]), Platform));
}
