using RedoxBuild.Model.Profiles;
using RedoxBuild.Toml;

namespace RedoxBuild.Image.RootTree;

/// <summary>
/// /filesystem.toml: the merged profile the image was built from, as upstream's installer records it, so a running
/// system can tell what it was made of. [general] and our tables keep the values as written (keys in name order);
/// [packages], [[files]], [users.*] and [groups.*] are the merge result. One deliberate difference: passwords (and
/// encrypt_disk) are left out, because the file is world-readable and /etc/shadow already holds the hashes.
/// </summary>
public static class FilesystemToml
{
    private static readonly string[] Secret = ["encrypt_disk"];
    private static readonly string[] OurTables = ["vm", "network", "hardware", "image"];

    public static string Render(Profile profile)
    {
        var writer = new TomlWriter()
            .Comment($"The merged filesystem config of profile \"{Path.GetFileNameWithoutExtension(profile.Name)}\" ({string.Join(" + ", profile.Sources.Distinct())}).")
            .Comment("Passwords are left out: /etc/shadow holds their hashes.");
        Table(writer, "general", profile.Tables.GetValueOrDefault("general"), Secret);

        writer.BlankLine().Table("packages");
        foreach (var package in profile.Packages.Values)
        {
            if (package is { Spec: { } spec })
                writer.InlineTable(package.Name.ToString(), new[] { ("version", spec.Version), ("git", spec.Git), ("path", spec.Path) }
                    .Where(p => p.Item2 is not null).Select(p => (p.Item1, p.Item2!)));
            else if (package.Rule == PackageRule.Default) writer.InlineTable(package.Name.ToString(), []);
            else writer.Value(package.Name.ToString(), package.Rule.ToString().ToLowerInvariant());
        }

        foreach (var file in profile.Files)
        {
            writer.BlankLine().ArrayTable("files").Value("path", file.Path).Value("data", file.Data);
            if (file.Symlink) writer.Value("symlink", true);
            if (file.Directory) writer.Value("directory", true);
            if (file.Mode is { } mode) writer.Value("mode", mode);
            if (file.Uid is { } uid) writer.Value("uid", uid);
            if (file.Gid is { } gid) writer.Value("gid", gid);
            if (file.RecursiveChown) writer.Value("recursive_chown", true);
            if (file.Postinstall) writer.Value("postinstall", true);
            if (file.Append) writer.Value("append", true);
        }

        foreach (var user in profile.Users.Values)
        {
            writer.BlankLine().Table("users", user.Name);
            if (user.Uid is { } uid) writer.Value("uid", uid);
            if (user.Gid is { } gid) writer.Value("gid", gid);
            if (user.RealName is { } name) writer.Value("name", name);
            if (user.Home is { } home) writer.Value("home", home);
            if (user.Shell is { } shell) writer.Value("shell", shell);
        }
        foreach (var group in profile.Groups.Values)
        {
            writer.BlankLine().Table("groups", group.Name);
            if (group.Gid is { } gid) writer.Value("gid", gid);
            writer.Value("members", group.Members);
        }

        foreach (var name in OurTables) Table(writer, name, profile.Tables.GetValueOrDefault(name), []);
        return writer.ToString();
    }

    private static void Table(TomlWriter writer, string name, SettingsTable? table, string[] leaveOut)
    {
        var entries = table?.Entries.Where(e => !leaveOut.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal).ToList() ?? [];
        if (entries.Count == 0) return;
        writer.BlankLine().Table(name);
        foreach (var (key, entry) in entries) writer.Value(key, entry.Value);
    }
}
