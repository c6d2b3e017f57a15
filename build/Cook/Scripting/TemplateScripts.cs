using RedoxBuild.CliWrap;
using RedoxBuild.Model.Recipes;

namespace RedoxBuild.Cook.Scripting;

/// <summary>
/// The script body each upstream template stands for, calling the cookbook_* helpers with the recipe's options
/// (shell-quoted): what Cookbook generates for cargo, configure, cmake, meson and python; a custom script as written;
/// nothing for none. The remote template (the binary rule) is not cooked here.
/// </summary>
public static class TemplateScripts
{
    public static string For(BuildTemplate template) => template switch
    {
        NoneTemplate => "# template none: a meta-package with nothing to build",
        CustomTemplate custom => custom.Script,
        CargoTemplate cargo => Cargo(cargo),
        ConfigureTemplate configure => configure.Flags.Count == 0
            ? "cookbook_configure"
            : $"COOKBOOK_CONFIGURE_FLAGS+=({Quote(configure.Flags)})\ncookbook_configure",
        CmakeTemplate cmake => Line("cookbook_cmake", cmake.Flags),
        MesonTemplate meson => Line("cookbook_meson", meson.Flags),
        PythonTemplate python => (python.ProjectPath is null ? "" : $"PYPROJECT_PATH={ShellQuoting.Quote(python.ProjectPath)}\n")
            + (python.LegacySetup ? Line("COOKBOOK_PYTHON_LEGACY=1 cookbook_python", python.PipFlags) : Line("cookbook_python", python.PipFlags)),
        RemoteTemplate => throw new Engine.BuildFailure(
            "The \"binary\" rule downloads upstream's prebuilt package; this build cooks from source only. Use the rule \"source\" (or {}) for this package."),
        _ => throw new InvalidOperationException($"No script for template '{template.Name}'."),
    };

    private static string Cargo(CargoTemplate cargo)
    {
        var lines = new List<string>();
        if (cargo.CargoPath is not null) lines.Add($"PACKAGE_PATH={ShellQuoting.Quote(cargo.CargoPath)}");
        if (cargo.ClearLocked) lines.Add("COOKBOOK_CARGO_FLAGS=()");
        if (cargo.Packages.Count > 0) lines.Add(Line("cookbook_cargo_packages", cargo.Packages));
        if (cargo.PackagesPrefixed.Count > 0) lines.Add(Line("cookbook_cargo_packages_prefixed", cargo.PackagesPrefixed));
        if (cargo.Examples.Count > 0) lines.Add(Line("cookbook_cargo_examples", cargo.Examples));
        if (cargo.Packages.Count + cargo.PackagesPrefixed.Count + cargo.Examples.Count == 0) lines.Add(Line("cookbook_cargo", cargo.Flags));
        return string.Join('\n', lines);
    }

    private static string Line(string command, IReadOnlyList<string> args) => args.Count == 0 ? command : $"{command} {Quote(args)}";

    private static string Quote(IReadOnlyList<string> args) => string.Join(' ', args.Select(ShellQuoting.Quote));
}
