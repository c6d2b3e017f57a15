using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RedoxBuild.Image.Assembly;

/// <summary>What the last image in a folder was built from, and the image and manifest files it left.</summary>
public sealed record ImageStamp(string Inputs, long ImageLength, long ImageWriteTicks, long ManifestLength, long ManifestWriteTicks);

/// <summary>
/// Skips an image build whose inputs did not change since the image that is there: the identity seed (profile config,
/// target, variant, every package's stage key), the profile's files, the sizes, the archivers' bytes, the date and
/// reproducibility settings, and this build program's own code. The image and manifest must be exactly the files the
/// last build wrote (length and time), so an image someone changed or replaced is rebuilt, never trusted.
/// </summary>
public static class ImageFreshness
{
    public static string StampPath(ImagePaths paths) => Path.Combine(paths.WorkDirectory, paths.Live ? "livedisk.stamp.json" : "harddrive.stamp.json");

    /// <param name="reproducible">Without it the date is "now" and salts are random: any earlier image of the same inputs is as good.</param>
    public static string InputsOf(DiskImageJob job, bool reproducible)
    {
        var text = new StringBuilder()
            .Append("builder ").Append(typeof(ImageFreshness).Assembly.ManifestModule.ModuleVersionId).Append('\n')
            .Append("seed ").Append(job.Identity.Seed).Append('\n')
            .Append("reproducible ").Append(reproducible ? job.Identity.SourceDateEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no").Append('\n')
            .Append("sizes ").Append(job.Sizes).Append('\n')
            .Append("initfs ").Append(job.Initfs.MaxBytes).Append('\n')
            .Append("efi ").Append(FileDigest(job.Bootloader.Efi)).Append('\n')
            .Append("initfs-ar ").Append(FileDigest(job.Tools.InitfsArchiver)).Append('\n')
            .Append("redoxfs-ar ").Append(FileDigest(job.Tools.RedoxFsArchiver)).Append('\n');
        foreach (var source in job.Profile.Sources) text.Append("profile ").Append(source).Append(' ').Append(FileDigest(source)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static bool IsFresh(ImagePaths paths, string inputs)
    {
        try
        {
            var stamp = JsonSerializer.Deserialize<ImageStamp>(File.ReadAllText(StampPath(paths)));
            return stamp == Observe(paths, inputs); // the inputs and exactly the files the last build left
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return false; // no stamp, or an unreadable one: build
        }
    }

    /// <summary>Written after the image and manifest are complete; an interrupted build leaves the old stamp, which no longer matches.</summary>
    public static void Record(ImagePaths paths, string inputs)
    {
        var path = StampPath(paths);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(Observe(paths, inputs)));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>Forgets the last image before a new one is written, so a failure midway never looks fresh.</summary>
    public static void Forget(ImagePaths paths)
    {
        if (File.Exists(StampPath(paths))) File.Delete(StampPath(paths));
    }

    private static ImageStamp Observe(ImagePaths paths, string inputs)
    {
        var image = new FileInfo(paths.Image);
        var manifest = new FileInfo(paths.Manifest);
        if (!image.Exists || !manifest.Exists) throw new IOException("the image or its manifest is missing");
        return new ImageStamp(inputs, image.Length, image.LastWriteTimeUtc.Ticks, manifest.Length, manifest.LastWriteTimeUtc.Ticks);
    }

    private static string FileDigest(string path)
    {
        if (!File.Exists(path)) return "missing " + path; // a tool found on PATH later, or a profile file removed: not fresh
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
