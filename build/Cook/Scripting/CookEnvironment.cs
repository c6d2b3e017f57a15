namespace RedoxBuild.Cook.Scripting;

/// <summary>Inputs to a recipe script's environment beyond its paths.</summary>
public sealed record CookSettings(
    TargetPlatform Target,
    int Jobs,
    bool Offline,
    string? ToolchainBin = null,
    string? IncomingRustFlags = null,
    bool Strip = true,
    string SourceIdentity = "",
    SccacheSettings? Sccache = null,
    IReadOnlyDictionary<string, string>? ExtraEnvironment = null,
    IReadOnlySet<string>? Withheld = null);

/// <summary>
/// The environment upstream recipes rely on (Cookbook's own variables plus what `redoxer env` and the prescript set),
/// derived for any target triple: COOKBOOK_* paths, TARGET/GNU_TARGET, the cross C toolchain (CC, CXX, AR, ... and their
/// cc-rs per-target forms), cargo's per-target linker and RUSTFLAGS (global RUSTFLAGS is removed), pkg-config confined
/// to the sysroot, and CPPFLAGS/LDFLAGS pointing at it. Variables the build withholds (its secrets' environment names)
/// are unset, except credentials the chosen sccache backend reads (see <see cref="SccacheBackend.Credentials"/>).
/// </summary>
public static class CookEnvironment
{
    /// <summary>Tools named &lt;gnu-triple&gt;-&lt;suffix&gt; in the C toolchain, keyed by their variable.</summary>
    private static readonly (string Variable, string Suffix)[] CTools =
    [
        ("AR", "gcc-ar"), ("AS", "as"), ("CC", "gcc"), ("CXX", "g++"), ("LD", "ld"), ("NM", "gcc-nm"),
        ("OBJCOPY", "objcopy"), ("OBJDUMP", "objdump"), ("PKG_CONFIG", "pkg-config"), ("RANLIB", "gcc-ranlib"),
        ("READELF", "readelf"), ("STRIP", "strip"),
    ];

    public static IReadOnlyDictionary<string, string?> For(string recipeName, CookPaths paths, CookSettings settings, string hostPath)
    {
        var t = settings.Target;
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["TARGET"] = t.Triple,
            ["GNU_TARGET"] = t.GnuTriple,
            ["ARCH"] = t.Arch,
            ["COOKBOOK_HOST_TARGET"] = TargetPlatform.Host.Triple,
            ["COOKBOOK_ROOT"] = paths.Root,
            ["COOKBOOK_NAME"] = recipeName,
            ["COOKBOOK_RECIPE"] = paths.Recipe,
            ["COOKBOOK_SOURCE"] = paths.Source,
            ["COOKBOOK_BUILD"] = paths.Build,
            ["COOKBOOK_STAGE"] = paths.Stage,
            ["COOKBOOK_SYSROOT"] = paths.Sysroot,
            ["COOKBOOK_TOOLCHAIN"] = paths.Toolchain,
            ["COOKBOOK_MAKE_JOBS"] = settings.Jobs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["COOKBOOK_OFFLINE"] = settings.Offline ? "true" : "false",
            ["COOKBOOK_SOURCE_IDENT"] = settings.SourceIdentity,
            ["COOKBOOK_CARGO"] = "cargo",
            ["COOKBOOK_MAKE"] = "make",
            ["COOKBOOK_NINJA"] = "ninja",
            ["COOKBOOK_NOSTRIP"] = settings.Strip ? null : "true",
            ["CARGO_TARGET_DIR"] = Path.Combine(paths.Build, "target"),
            ["RUSTFLAGS"] = null,  // redoxer moves it to the per-target variable so host build scripts are unaffected
            ["PKG_CONFIG_ALLOW_CROSS"] = "1",
            ["PKG_CONFIG_LIBDIR"] = Path.Combine(paths.Sysroot, "lib", "pkgconfig") + ":" + Path.Combine(paths.Sysroot, "usr", "lib", "pkgconfig"),
            ["PKG_CONFIG_SYSROOT_DIR"] = paths.Sysroot,
            ["CPPFLAGS"] = $"-I{Path.Combine(paths.Sysroot, "include")} -I{Path.Combine(paths.Sysroot, "usr", "include")}",
            ["LDFLAGS"] = $"-L{Path.Combine(paths.Sysroot, "lib")} -L{Path.Combine(paths.Sysroot, "usr", "lib")}" + (t.StaticByDefault ? " --static" : ""),
        };

        foreach (var (variable, suffix) in CTools)
        {
            var tool = $"{t.GnuTriple}-{suffix}";
            env[variable] = tool;
            env[$"{variable}_{t.CcRsSuffix}"] = tool;
        }

        env[$"CARGO_TARGET_{t.CargoEnvName}_LINKER"] = $"{t.GnuTriple}-gcc";
        var rustFlags = (settings.IncomingRustFlags ?? "") + (t.IsRedox && t.Arch is "x86_64" or "aarch64" or "riscv64gc" ? " -C force-frame-pointers=yes" : "");
        env[$"CARGO_TARGET_{t.CargoEnvName}_RUSTFLAGS"] = rustFlags.Trim().Length == 0 ? null : rustFlags.Trim();

        // Host tools built by host: dependencies come first, then the Redox prefix toolchain, then the host's PATH.
        var pathEntries = new[]
        {
            Path.Combine(paths.Toolchain, "usr", "bin"), Path.Combine(paths.Toolchain, "bin"), settings.ToolchainBin,
        }.Where(p => p is not null).Append(hostPath);
        env["PATH"] = string.Join(':', pathEntries);
        foreach (var (name, value) in settings.ExtraEnvironment ?? new Dictionary<string, string>()) env[name] = value;

        // Compiler caching changes how objects are obtained, never what they are: it stays out of the content keys.
        settings.Sccache?.ApplyTo(env, t);

        // Scripts inherit this process's environment; a recipe must not be able to copy a token into its stage or log.
        var credentials = settings.Sccache?.Backend.Credentials ?? [];
        foreach (var name in settings.Withheld ?? new HashSet<string>())
            if (!credentials.Contains(name)) env.TryAdd(name, null);
        return env;
    }
}
