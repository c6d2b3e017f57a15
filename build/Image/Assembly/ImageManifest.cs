using System.Text.Json;
using RedoxBuild.Image.Disk;

namespace RedoxBuild.Image.Assembly;

/// <summary>A package in the image: its name and the content key of the stage it came from.</summary>
public sealed record ManifestPackage(string Name, string Key, int Entries, long Bytes);

/// <summary>A partition as written: where it is and what it holds.</summary>
public sealed record ManifestPartition(int Number, string Name, Guid TypeGuid, Guid UniqueGuid, long FirstLba, long LastLba,
    long OffsetBytes, long SizeBytes, string Content, long ContentBytes, uint? FatVolumeId);

public sealed record ManifestRootTree(int Files, int Directories, int Symlinks, long Bytes, long RedoxFsEstimateBytes, int OwnershipOverrides);

public sealed record ManifestInitfs(long Bytes, long MaxBytes, int Files, IReadOnlyList<string> Drivers);

public sealed record ManifestBoot(string EfiFile, long EfiBytes, long BiosBytes);

/// <summary>
/// What was built, written beside the image as manifest.json: sizes, partition offsets, packages with their keys,
/// the boot files and the image's SHA-256, so a later run, a CI job or a person can tell exactly what an image is.
/// </summary>
public sealed record ImageManifest(
    string Profile,
    string Variant,
    string Image,
    long SizeBytes,
    string Sha256,
    long SourceDateEpoch,
    string BuildId,
    string TargetTriple,
    Guid DiskGuid,
    bool AutoSized,
    IReadOnlyList<ManifestPartition> Partitions,
    IReadOnlyList<ManifestPackage> Packages,
    ManifestRootTree RootTree,
    ManifestInitfs Initfs,
    ManifestBoot Boot)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static IReadOnlyList<ManifestPartition> PartitionsOf(DiskImageLayout layout) => layout.Partitions
        .Select(p => new ManifestPartition(p.Number, p.Name, p.TypeGuid, p.UniqueGuid, p.FirstLba, p.LastLba, p.OffsetBytes, p.SizeBytes, p.Content, p.ContentBytes, p.FatVolumeId))
        .ToList();

    public string ToJson() => JsonSerializer.Serialize(this, Options) + "\n";

    public static ImageManifest FromJson(string json) =>
        JsonSerializer.Deserialize<ImageManifest>(json, Options) ?? throw new JsonException("The manifest is empty.");
}
