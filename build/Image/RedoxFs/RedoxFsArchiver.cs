using System.Globalization;
using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using RedoxBuild.Image.RootTree;

namespace RedoxBuild.Image.RedoxFs;

/// <summary>
/// One RedoxFS partition to make: the archiver (redoxfs-ar from the redoxfs host package, or --redoxfs-archiver),
/// the root tree, the image file and its size (the REDOX partition's), and who owns what.
/// </summary>
public sealed record RedoxFsRequest(string Archiver, string RootDirectory, string ImagePath, long SizeBytes, IReadOnlyList<PathOwner> Owners, long SourceDateEpoch);

/// <summary>
/// Makes the RedoxFS partition with redoxfs' archive mode, which formats a pre-allocated file and copies a directory
/// into it without FUSE or root: <c>redoxfs-ar --uid 0 --gid 0 [--chown path:uid:gid ...] IMAGE ROOT</c>. The
/// ownership flags are nix-redox's redoxfs patch: everything belongs to root unless a --chown (path relative to the
/// root, one per path) says otherwise, so the host tree never has to be chowned.
/// </summary>
public sealed class RedoxFsArchiver(Processes processes)
{
    public static Command CommandFor(RedoxFsRequest request)
    {
        var arguments = new List<string>
        {
            "--uid", OwnershipMap.DefaultUid.ToString(CultureInfo.InvariantCulture),
            "--gid", OwnershipMap.DefaultGid.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var owner in request.Owners)
            arguments.AddRange(["--chown", string.Create(CultureInfo.InvariantCulture, $"{owner.Path}:{owner.Uid}:{owner.Gid}")]);
        arguments.AddRange([request.ImagePath, request.RootDirectory]);
        return Cli.Wrap(request.Archiver)
            .WithArguments(arguments)
            .WithWorkingDirectory(Path.GetDirectoryName(request.ImagePath)!)
            .WithEnvironmentVariables(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = request.SourceDateEpoch.ToString(CultureInfo.InvariantCulture) });
    }

    /// <summary>
    /// Pre-allocates the image (sparse, the archiver needs the file to exist at its final size) and runs the archiver.
    /// </summary>
    public async Task CreateAsync(RedoxFsRequest request)
    {
        if (!processes.IsDryRun)
        {
            if (File.Exists(request.ImagePath)) File.Delete(request.ImagePath);
            using (var file = new FileStream(request.ImagePath, FileMode.CreateNew, FileAccess.Write)) file.SetLength(request.SizeBytes);
        }
        await processes.RunAsync(CommandFor(request));
        if (processes.IsDryRun) return;
        var size = new FileInfo(request.ImagePath).Length;
        if (size != request.SizeBytes)
            throw new ImageException(
                $"{request.Archiver} changed the size of {request.ImagePath} from {request.SizeBytes} to {size} bytes; the REDOX partition is exactly {request.SizeBytes} bytes, so the file system would not fit or would be truncated.");
    }
}
