using System.Security.Cryptography;
using System.Text;
using RedoxBuild.Image.Disk;
using RedoxBuild.Image.Initfs;
using RedoxBuild.Image.RootTree;
using RedoxBuild.Model.Profiles;

namespace RedoxBuild.Image.Assembly;

/// <summary>Everything one initfs build needs: where base and redoxfs are staged, the hardware, the archiver and the limit.</summary>
public sealed record InitfsJob(InitfsSources Sources, HardwareSettings Hardware, string Archiver, SizeSetting Limit, ImagePaths Paths, long SourceDateEpoch)
{
    public long MaxBytes => (Limit.MiB ?? ImageSettings.Default.InitfsMaxSize) * 1024 * 1024;
}

/// <summary>The packed initfs: the archive, its size, and what went into it.</summary>
public sealed record InitfsResult(string Archive, long Bytes, InitfsContent Content);

/// <summary>
/// Everything one disk image needs. <see cref="Name"/> is the image folder and os-release VARIANT (the profile's
/// name); <see cref="Packages"/> are in install order; <see cref="Identity"/> seeds every GUID and serial.
/// </summary>
public sealed record DiskImageJob(
    Profile Profile,
    string Name,
    bool Live,
    string TargetTriple,
    IReadOnlyList<PackageContent> Packages,
    InitfsJob Initfs,
    BootloaderFiles Bootloader,
    ImageTools Tools,
    ImageSizes Sizes,
    ImagePaths Paths,
    ImageIdentity Identity,
    PasswordHashing Passwords)
{
    /// <summary>BUILD_ID in os-release: the first 16 hex digits of the identity seed, which changes with any input.</summary>
    public string BuildId => Identity.Seed.Length >= 16 ? Identity.Seed[..16] : Identity.Seed;

    /// <summary>
    /// The identity seed: a SHA-256 over the profile's merged config, the target, the variant and every package's
    /// name and stage key (the stage keys cover sources, recipes, toolchains and dependencies), so equal inputs give
    /// equal GUIDs and serials, and a changed package changes them.
    /// </summary>
    public static string Seed(Profile profile, string targetTriple, bool live, IEnumerable<PackageContent> packages, string bootloaderKey)
    {
        var text = new StringBuilder()
            .Append("profile ").Append(Path.GetFileNameWithoutExtension(profile.Name)).Append('\n')
            .Append("target ").Append(targetTriple).Append('\n')
            .Append("variant ").Append(live ? "live" : "harddrive").Append('\n')
            .Append("bootloader ").Append(bootloaderKey).Append('\n')
            .Append("config ").Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FilesystemToml.Render(profile))))).Append('\n');
        foreach (var package in packages.OrderBy(p => p.Name))
            text.Append("package ").Append(package.Name).Append(' ').Append(package.Key).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
