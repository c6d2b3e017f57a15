using System.Collections.Immutable;
using RedoxBuild.Toml;

namespace RedoxBuild.Model.Profiles;

/// <summary>
/// A Redox filesystem config with its includes merged the way upstream's installer merges them, plus our typed
/// tables ([vm], [network], [hardware], [image]) that upstream tools ignore. <see cref="Sources"/> lists every file
/// in merge order (an include reached twice is loaded twice, as upstream does).
/// </summary>
public sealed record Profile(
    string Name,
    string Path,
    IReadOnlyList<string> Sources,
    GeneralConfig General,
    ImmutableSortedDictionary<string, PackageSelection> Packages,
    IReadOnlyList<FileEntry> Files,
    ImmutableSortedDictionary<string, UserEntry> Users,
    ImmutableSortedDictionary<string, GroupEntry> Groups,
    VmSettings Vm,
    NetworkSettings Network,
    HardwareSettings Hardware,
    ImageSettings Image,
    ImmutableDictionary<string, SettingsTable> Tables)
{
    /// <summary>Where the value of <c>[table] key</c> that won the merge was written (e.g. "network", "address").</summary>
    public TomlPosition? PositionOf(string table, string key) => Tables.TryGetValue(table, out var t) ? t.PositionOf(key) : null;
}

/// <summary>
/// [general]. Every field is optional; the installer applies its own defaults (prompt = true, EFI partition 1 MiB).
/// Sizes are MiB. <see cref="EncryptDisk"/> is the disk password in plain text, as upstream stores it.
/// </summary>
public sealed record GeneralConfig(
    bool? Prompt,
    long? FilesystemSize,
    long? EfiPartitionSize,
    bool? SkipPartitions,
    string? EncryptDisk,
    bool? LiveDisk,
    string? WriteBootloader,
    bool? NoMount,
    string? Cookbook);

/// <summary>How a profile wants a package: <c>{}</c> is <see cref="Default"/> (built from source unless a binary repository is chosen).</summary>
public enum PackageRule { Default, Source, Local, Binary, Ignore }

/// <summary>An entry of [packages]. <see cref="Spec"/> is the <c>{ version, git, path }</c> form, which upstream parses but never uses.</summary>
public sealed record PackageSelection(PackageName Name, PackageRule Rule, PackageSpec? Spec, TomlPosition Position);

public sealed record PackageSpec(string? Version, string? Git, string? Path);

/// <summary>
/// A [[files]] entry: <see cref="Data"/> is the content, or the target when <see cref="Symlink"/>. Mode defaults to
/// 0644 for files and 0755 for directories; a missing uid/gid leaves the owner unchanged. <see cref="Postinstall"/>
/// entries are written after packages are installed; <see cref="Append"/> appends instead of truncating.
/// </summary>
public sealed record FileEntry(
    string Path,
    string Data,
    bool Symlink,
    bool Directory,
    int? Mode,
    uint? Uid,
    uint? Gid,
    bool RecursiveChown,
    bool Postinstall,
    bool Append,
    TomlPosition Position);

/// <summary>A [users.NAME] table; unset fields get the installer's defaults (uid from 1000, home /home/NAME, shell /bin/ion).</summary>
public sealed record UserEntry(
    string Name,
    string? Password,
    uint? Uid,
    uint? Gid,
    string? RealName,
    string? Home,
    string? Shell,
    TomlPosition Position);

/// <summary>A [groups.NAME] table.</summary>
public sealed record GroupEntry(string Name, uint? Gid, IReadOnlyList<string> Members, TomlPosition Position);
