using System.Collections.Frozen;
using RedoxBuild.Toml;
using static RedoxBuild.Model.TomlReads;

namespace RedoxBuild.Model.Recipes;

public sealed partial class RecipeReader
{
    private static readonly string[] CommonBuildKeys = ["template", "dependencies", "dev-dependencies"];

    // The options each template reads; a key of another template is not an error upstream, only ignored.
    private static readonly FrozenDictionary<string, string[]> TemplateKeys = new Dictionary<string, string[]>
    {
        ["none"] = [],
        ["remote"] = [],
        ["cargo"] = ["cargopath", "cargoflags", "cargopackages", "cargoexamples", "clearlocked", "cargopackagesprefixed"],
        ["configure"] = ["configureflags"],
        ["cmake"] = ["cmakeflags"],
        ["meson"] = ["mesonflags"],
        ["python"] = ["pyprojectpath", "pipflags", "legacysetup"],
        ["custom"] = ["script"],
    }.ToFrozenDictionary();

    private static readonly string[] AllTemplateKeys = TemplateKeys.Values.SelectMany(k => k).ToArray();

    private RecipeBuild ReadBuild(TomlTable document)
    {
        if (!document.TryGetTable("build", out var build))
            return new RecipeBuild(new NoneTemplate(), [], [], document.Position);

        var name = "none";
        if (build.TryGet<TomlString>("template", out var templateNode))
        {
            name = templateNode.Value;
            if (!TemplateKeys.ContainsKey(name))
                throw new ModelException(templateNode.Position, $"unknown template \"{name}\"; expected one of: {string.Join(", ", BuildTemplate.Names)}");
        }

        WarnUnknownKeys(build, "[build]", [.. CommonBuildKeys, .. TemplateKeys[name]], diagnostics,
            key => AllTemplateKeys.Contains(key) ? $"is not used by the {name} template" : null);

        BuildTemplate template = name switch
        {
            "none" => new NoneTemplate(),
            "remote" => new RemoteTemplate(),
            "cargo" => new CargoTemplate(
                OptionalString(build, "cargopath"),
                build.GetStringsOrEmpty("cargoflags"),
                build.GetStringsOrEmpty("cargopackages"),
                build.GetStringsOrEmpty("cargoexamples"),
                build.GetStringsOrEmpty("cargopackagesprefixed"),
                OptionalBool(build, "clearlocked") ?? false),
            "configure" => new ConfigureTemplate(build.GetStringsOrEmpty("configureflags")),
            "cmake" => new CmakeTemplate(build.GetStringsOrEmpty("cmakeflags")),
            "meson" => new MesonTemplate(build.GetStringsOrEmpty("mesonflags")),
            "python" => new PythonTemplate(OptionalString(build, "pyprojectpath"), build.GetStringsOrEmpty("pipflags"), OptionalBool(build, "legacysetup") ?? false),
            _ => new CustomTemplate(OptionalString(build, "script")
                ?? throw new ModelException(templateNode!.Position, "template \"custom\" needs a 'script' in [build]: the bash commands that build the source and install it into ${COOKBOOK_STAGE}")),
        };

        return new RecipeBuild(template, PackageReferences(build, "dependencies"), PackageReferences(build, "dev-dependencies"), build.Position);
    }
}
