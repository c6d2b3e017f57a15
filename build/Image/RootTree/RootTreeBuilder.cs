using RedoxBuild.Model.Profiles;

namespace RedoxBuild.Image.RootTree;

/// <summary>
/// Inputs of a root tree beyond the profile and packages: the variant written to os-release (the profile name), the
/// build id, how passwords are salted, and SOURCE_DATE_EPOCH, which every file's modification time is set to.
/// </summary>
public sealed record RootTreeOptions(string Variant, string BuildId, PasswordHashing Passwords, long SourceDateEpoch);

/// <summary>A built root tree: where it is, who owns what in it, and its size.</summary>
public sealed record ImageRoot(string Directory, OwnershipMap Ownership, RootTreeStats Stats, UserDatabase Accounts);

/// <summary>
/// Builds the image's root tree in a host directory in upstream's installer order: [[files]] entries without
/// postinstall, then the packages (each replacing what was there), then the postinstall entries; then what the build
/// generates from our tables ([network] files and the DHCP init script); then users, their home directories and
/// /etc/passwd, /etc/shadow and /etc/group; last /filesystem.toml and the VARIANT and BUILD_ID lines of
/// /usr/lib/os-release. Owners are recorded, not applied (see <see cref="OwnershipMap"/>).
/// </summary>
public sealed class RootTreeBuilder(Action<string> log)
{
    private static readonly string[] XdgDirectories =
    [
        "Desktop", "Documents", "Downloads", "Music", "Pictures", "Public", "Templates", "Videos",
        ".config", ".local", ".local/share", ".local/share/Trash", ".local/share/Trash/info",
    ];

    private const string UserDirs = """
        # Produced by redox installer
        XDG_DESKTOP_DIR="$HOME/Desktop"
        XDG_DOCUMENTS_DIR="$HOME/Documents"
        XDG_DOWNLOAD_DIR="$HOME/Downloads"
        XDG_MUSIC_DIR="$HOME/Music"
        XDG_PICTURES_DIR="$HOME/Pictures"
        XDG_PUBLICSHARE_DIR="$HOME/Public"
        XDG_TEMPLATES_DIR="$HOME/Templates"
        XDG_VIDEOS_DIR="$HOME/Videos"

        """;

    public ImageRoot Build(Profile profile, IReadOnlyList<PackageContent> packages, string directory, RootTreeOptions options)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        TreeWriter.SetMode(directory, GeneratedFile.DirectoryMode);
        var writer = new TreeWriter(directory);

        foreach (var entry in profile.Files.Where(f => !f.Postinstall)) writer.Write(entry);
        foreach (var package in packages)
        {
            var replaced = StageInstaller.Install(package, directory);
            log($"Installed {package.Name} ({package.Files.Count} entries, {package.Bytes} bytes)" +
                (replaced.Count == 0 ? "" : $"; it replaced {replaced.Count} earlier file(s): {string.Join(", ", replaced.Take(5))}{(replaced.Count > 5 ? ", ..." : "")}"));
        }
        foreach (var entry in profile.Files.Where(f => f.Postinstall)) writer.Write(entry);
        foreach (var file in NetworkFiles.For(profile.Network)) writer.Write(file);

        var accounts = UserDatabase.From(profile.Users.Values, profile.Groups.Values, options.Passwords);
        if (profile.General.Prompt != false)
            foreach (var user in profile.Users.Values.Where(u => u.Password is null))
                log($"[users.{user.Name}] has no password and general.prompt is not false: the image build never asks, so {user.Name} gets an empty password (no password)");
        CreateHomes(writer, accounts);
        if (accounts.Users.Count > 0)
        {
            writer.Write(new GeneratedFile("/etc/passwd", accounts.Passwd));
            writer.Write(new GeneratedFile("/etc/shadow", accounts.Shadow, GeneratedFile.PrivateMode));
        }
        if (accounts.Groups.Count > 0) writer.Write(new GeneratedFile("/etc/group", accounts.Group, GeneratedFile.PrivateMode));

        writer.Write(new GeneratedFile("/filesystem.toml", FilesystemToml.Render(profile)));
        writer.Append("/usr/lib/os-release", $"VARIANT=\"{options.Variant}\"\nBUILD_ID=\"{options.BuildId}\"\n");
        SetTimes(directory, options.SourceDateEpoch);
        return new ImageRoot(directory, Ownership(profile, accounts), RootTreeStats.Measure(directory), accounts);
    }

    /// <summary>
    /// Who owns what, from the profile alone (a dry run has no tree but prints the same --chown list): [[files]]
    /// uid/gid in the order the entries are written, then every user's home, recursively.
    /// </summary>
    public static OwnershipMap Ownership(Profile profile, UserDatabase accounts)
    {
        var ownership = OwnershipMap.Empty;
        foreach (var entry in profile.Files.Where(f => !f.Postinstall).Concat(profile.Files.Where(f => f.Postinstall)))
            ownership = ownership.Set(entry.Path, entry.Uid, entry.Gid, entry.RecursiveChown);
        // The whole home belongs to its user, whatever [[files]] or /etc/skel put there.
        foreach (var user in accounts.Users)
            ownership = ownership.Add(new OwnershipEntry(user.Home, user.Uid, user.Gid, Recursive: true));
        return ownership;
    }

    /// <summary>Every file and directory dated SOURCE_DATE_EPOCH, so an archiver that keeps times stays reproducible.</summary>
    public static void SetTimes(string directory, long sourceDateEpoch)
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(sourceDateEpoch).UtcDateTime;
        // Links are skipped: .NET would follow them and date their targets instead.
        foreach (var item in TreeWalk.Items(directory).Where(i => i.Kind != 'l'))
            if (item.Kind == 'd') Directory.SetLastWriteTimeUtc(item.Full, time);
            else File.SetLastWriteTimeUtc(item.Full, time);
        Directory.SetLastWriteTimeUtc(directory, time);
    }

    private static void CreateHomes(TreeWriter writer, UserDatabase accounts)
    {
        foreach (var user in accounts.Users)
        {
            writer.CreateDirectory(user.Home, GeneratedFile.PrivateDirectoryMode);
            if (user.Uid >= UserDatabase.FirstId)
            {
                foreach (var xdg in XdgDirectories) writer.CreateDirectory($"{user.Home}/{xdg}", GeneratedFile.PrivateDirectoryMode);
                writer.Write(new GeneratedFile($"{user.Home}/.config/user-dirs.dirs", UserDirs, GeneratedFile.PrivateMode));
                CopySkeleton(writer, user.Home);
            }
        }
    }

    /// <summary>Copies /etc/skel into a new home (files that are already there are kept).</summary>
    private static void CopySkeleton(TreeWriter writer, string home)
    {
        var skeleton = writer.HostPath("/etc/skel");
        if (!Directory.Exists(skeleton)) return;
        var target = writer.HostPath(home);
        foreach (var item in TreeWalk.Items(skeleton))
        {
            var to = Path.Combine(target, item.Relative);
            if (Path.Exists(to) || new FileInfo(to).LinkTarget is not null) continue;
            switch (item.Kind)
            {
                case 'd':
                    Directory.CreateDirectory(to);
                    TreeWriter.SetMode(to, UnixFiles.GetMode(item.Full));
                    break;
                case 'l':
                    File.CreateSymbolicLink(to, new FileInfo(item.Full).LinkTarget!);
                    break;
                default:
                    File.Copy(item.Full, to);
                    break;
            }
        }
    }
}
