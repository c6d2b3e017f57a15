namespace RedoxBuild.Cook.Scripting;

/// <summary>
/// The directories one recipe's build script sees: source (the checkout), build (out of tree, kept between builds
/// of the same key for tool-level incrementality), stage (what gets installed), sysroot (build dependencies'
/// outputs), toolchain (host-tool dependencies' outputs), and its log.
/// </summary>
public sealed record CookPaths(
    string Root,
    string Recipe,
    string Source,
    string Build,
    string Stage,
    string Sysroot,
    string Toolchain,
    string Log);
