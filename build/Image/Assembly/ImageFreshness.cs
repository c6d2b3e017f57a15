using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RedoxBuild.Image.Assembly;

/// <summary>
/// The inputs an image or an initfs is built from, as one digest for <see cref="OutputStamp"/>: the stages that go in
/// (their paths carry their content keys), the profile's files, the sizes, the archivers' bytes, the date and
/// reproducibility settings, and this build program's own code.
/// </summary>
public static class ImageFreshness
{
    public static OutputStamp DiskStamp(ImagePaths paths) =>
        new(Path.Combine(paths.WorkDirectory, paths.Live ? "livedisk.stamp.json" : "harddrive.stamp.json"), [paths.Image, paths.Manifest]);

    public static OutputStamp InitfsStamp(ImagePaths paths, string output) => new(Path.Combine(paths.WorkDirectory, "initfs.stamp.json"), [output]);

    /// <param name="reproducible">Without it the date is "now" and salts are random: any earlier image of the same inputs is as good.</param>
    public static string InputsOf(DiskImageJob job, bool reproducible) => Digest(new StringBuilder()
        .Append("seed ").Append(job.Identity.Seed).Append('\n')
        .Append("sizes ").Append(job.Sizes).Append('\n')
        .Append("efi ").Append(FileDigest(job.Bootloader.Efi)).Append('\n')
        .Append("redoxfs-ar ").Append(FileDigest(job.Tools.RedoxFsArchiver)).Append('\n')
        .Append(InitfsInputs(job.Initfs, job.Profile.Sources, reproducible)));

    public static string InputsOf(InitfsJob job, IReadOnlyList<string> profileSources, bool reproducible) =>
        Digest(new StringBuilder(InitfsInputs(job, profileSources, reproducible)));

    private static string InitfsInputs(InitfsJob job, IReadOnlyList<string> profileSources, bool reproducible)
    {
        var text = new StringBuilder()
            .Append("builder ").Append(typeof(ImageFreshness).Assembly.ManifestModule.ModuleVersionId).Append('\n')
            .Append("date ").Append(reproducible ? job.SourceDateEpoch.ToString(CultureInfo.InvariantCulture) : "now").Append('\n')
            .Append("initfs ").Append(job.Sources).Append(' ').Append(job.MaxBytes).Append('\n')
            .Append("initfs-ar ").Append(FileDigest(job.Archiver)).Append('\n');
        foreach (var source in profileSources) text.Append("profile ").Append(source).Append(' ').Append(FileDigest(source)).Append('\n');
        return text.ToString();
    }

    private static string Digest(StringBuilder text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));

    private static string FileDigest(string path)
    {
        if (!File.Exists(path)) return "missing " + path; // a tool found on PATH later, or a profile file removed: not fresh
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
