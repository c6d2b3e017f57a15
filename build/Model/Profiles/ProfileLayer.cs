using System.Collections.Frozen;
using RedoxBuild.Toml;
using static RedoxBuild.Model.TomlReads;

namespace RedoxBuild.Model.Profiles;

/// <summary>One config file as written, before its includes are merged in; every value already checked.</summary>
internal sealed record ProfileLayer(
    string Path,
    IReadOnlyList<TomlString> Includes,
    TomlTable? General,
    IReadOnlyList<PackageSelection> Packages,
    IReadOnlyList<FileEntry> Files,
    IReadOnlyList<UserEntry> Users,
    IReadOnlyList<GroupEntry> Groups,
    IReadOnlyDictionary<string, TomlTable> Settings);

/// <summary>Reads one filesystem config file into a <see cref="ProfileLayer"/>, warning about keys upstream would ignore.</summary>
internal sealed class ProfileLayerReader(SourcePaths paths, IModelDiagnostics diagnostics)
{
    // Our tables, each with its known keys and a reader that checks every value.
    private static readonly (string Name, string[] Keys, Action<SettingsTable> Check)[] OurTables =
    [
        ("vm", SettingsReader.VmKeys, t => SettingsReader.Vm(t)),
        ("network", SettingsReader.NetworkKeys, t => SettingsReader.Network(t)),
        ("hardware", SettingsReader.HardwareKeys, t => SettingsReader.Hardware(t)),
        ("image", SettingsReader.ImageKeys, t => SettingsReader.Image(t)),
    ];

    private static readonly string[] TopLevelKeys = ["include", "general", "packages", "files", "users", "groups", "vm", "network", "hardware", "image"];
    private static readonly string[] FileKeys = ["path", "data", "symlink", "directory", "mode", "uid", "gid", "recursive_chown", "postinstall", "append"];
    private static readonly string[] UserKeys = ["password", "uid", "gid", "name", "home", "shell"];
    private static readonly string[] GroupKeys = ["gid", "members"];
    private static readonly string[] SpecKeys = ["version", "git", "path"];
    private static readonly string[] RuleNames = ["source", "local", "binary", "ignore"];
    private static readonly FrozenDictionary<string, PackageRule> Rules = new Dictionary<string, PackageRule>
    {
        ["source"] = PackageRule.Source,
        ["local"] = PackageRule.Local,
        ["binary"] = PackageRule.Binary,
        ["ignore"] = PackageRule.Ignore,
    }.ToFrozenDictionary();

    public ProfileLayer Read(string path)
    {
        try
        {
            var document = TomlParser.Parse(File.ReadAllBytes(path), paths.Display(path));
            WarnUnknownKeys(document, "the profile", TopLevelKeys, diagnostics);
            var general = document.TryGetTable("general", out var g) ? g : null;
            if (general is not null)
            {
                WarnUnknownKeys(general, "[general]", SettingsReader.GeneralKeys, diagnostics);
                SettingsReader.General(SettingsTable.Of("general", general));
            }
            var settings = new Dictionary<string, TomlTable>();
            foreach (var (name, keys, check) in OurTables)
            {
                if (!document.TryGetTable(name, out var table)) continue;
                WarnUnknownKeys(table, $"[{name}]", keys, diagnostics);
                check(SettingsTable.Of(name, table));
                settings[name] = table;
            }
            return new ProfileLayer(
                path,
                document.TryGetArray("include", out var includes) ? includes.Elements<TomlString>() : [],
                general,
                ReadPackages(document),
                ReadFiles(document),
                ReadUsers(document),
                ReadGroups(document),
                settings);
        }
        catch (TomlException e)
        {
            throw ModelException.From(e);
        }
    }

    private IReadOnlyList<PackageSelection> ReadPackages(TomlTable document)
    {
        if (!document.TryGetTable("packages", out var packages)) return [];
        return packages.Entries.Select(entry =>
        {
            var name = ParseName(entry.Key, entry.KeyPosition);
            return entry.Value switch
            {
                TomlTable { Count: 0 } => new PackageSelection(name, PackageRule.Default, null, entry.KeyPosition),
                TomlString rule when Rules.TryGetValue(rule.Value, out var known) => new PackageSelection(name, known, null, entry.KeyPosition),
                TomlString rule => throw new ModelException(rule.Position,
                    $"unknown rule \"{rule.Value}\" for package '{entry.Key}'; expected one of: {string.Join(", ", RuleNames)} (or {{}} for the default)"),
                TomlTable spec => ReadSpec(name, spec, entry),
                _ => throw new ModelException(entry.Value.Position,
                    $"package '{entry.Key}' must be {{}}, a rule (\"source\", \"local\", \"binary\", \"ignore\") or a table {{ version, git, path }}; found {TomlTypeNames.WithArticle(entry.Value)}"),
            };
        }).ToArray();
    }

    private PackageSelection ReadSpec(PackageName name, TomlTable spec, TomlEntry entry)
    {
        WarnUnknownKeys(spec, $"package '{entry.Key}'", SpecKeys, diagnostics);
        return new PackageSelection(name, PackageRule.Default,
            new PackageSpec(OptionalString(spec, "version"), OptionalString(spec, "git"), OptionalString(spec, "path")), entry.KeyPosition);
    }

    private IReadOnlyList<FileEntry> ReadFiles(TomlTable document)
    {
        if (!document.TryGetArray("files", out var files)) return [];
        return files.GetTables().Select(f =>
        {
            WarnUnknownKeys(f, "[[files]]", FileKeys, diagnostics);
            var entry = new FileEntry(
                f.GetString("path"),
                f.TryGet<TomlString>("data", out var data) ? data.Value
                    : throw new ModelException(f.Position, "a [[files]] entry needs 'data': the file's content, the symlink's target, or \"\" for a directory"),
                OptionalBool(f, "symlink") ?? false,
                OptionalBool(f, "directory") ?? false,
                (int?)OptionalInteger(f, "mode", 0, Convert.ToInt32("7777", 8), "(0o0 to 0o7777)"),
                (uint?)OptionalInteger(f, "uid", 0, uint.MaxValue),
                (uint?)OptionalInteger(f, "gid", 0, uint.MaxValue),
                OptionalBool(f, "recursive_chown") ?? false,
                OptionalBool(f, "postinstall") ?? false,
                OptionalBool(f, "append") ?? false,
                f.Position);
            if (entry.Symlink && entry.Directory)
                throw new ModelException(f.Position, $"[[files]] entry \"{entry.Path}\" sets both symlink and directory; it can only be one");
            return entry;
        }).ToArray();
    }

    private IReadOnlyList<UserEntry> ReadUsers(TomlTable document)
    {
        if (!document.TryGetTable("users", out var users)) return [];
        return users.Entries.Select(e =>
        {
            var user = users.GetTable(e.Key);
            WarnUnknownKeys(user, $"[users.{e.Key}]", UserKeys, diagnostics);
            return new UserEntry(e.Key, OptionalString(user, "password"),
                (uint?)OptionalInteger(user, "uid", 0, uint.MaxValue), (uint?)OptionalInteger(user, "gid", 0, uint.MaxValue),
                OptionalString(user, "name"), OptionalString(user, "home"), OptionalString(user, "shell"), e.KeyPosition);
        }).ToArray();
    }

    private IReadOnlyList<GroupEntry> ReadGroups(TomlTable document)
    {
        if (!document.TryGetTable("groups", out var groups)) return [];
        return groups.Entries.Select(e =>
        {
            var group = groups.GetTable(e.Key);
            WarnUnknownKeys(group, $"[groups.{e.Key}]", GroupKeys, diagnostics);
            return new GroupEntry(e.Key, (uint?)OptionalInteger(group, "gid", 0, uint.MaxValue), group.GetStringsOrEmpty("members"), e.KeyPosition);
        }).ToArray();
    }
}
