using System.Security.Cryptography;
using RedoxBuild.Engine;
using RedoxBuild.Image.Disk;
using RedoxBuild.Image.Initfs;
using RedoxBuild.Image.RedoxFs;
using RedoxBuild.Image.RootTree;
using Serilog;

namespace RedoxBuild.Image.Assembly;

/// <summary>
/// Puts an image together: root tree, initfs (packed by redox-initfs-ar and installed as usr/lib/boot/initfs),
/// preflight, the RedoxFS partition (redoxfs-ar), the ESP and BIOS loader, then the GPT disk through our writer,
/// sparse, and its manifest. Under --dry-run nothing is written: the host-tool commands are printed with the paths
/// a real run would use (a --chown list for what the profile alone decides; homes are not expanded without a tree).
/// </summary>
public sealed class ImageAssembler(Processes processes, ILogger logger)
{
    private const double MiB = 1024 * 1024;

    public async Task<InitfsResult> BuildInitfsAsync(InitfsJob job)
    {
        if (!processes.IsDryRun) Directory.CreateDirectory(job.Paths.WorkDirectory);
        var content = processes.IsDryRun
            ? new InitfsContent(job.Paths.InitfsDirectory, job.Sources.Bootstrap, [], 0, PciDriverRegistry.Selected(job.Hardware).Select(d => d.Program).ToList())
            : InitfsGatherer.Gather(job.Sources, job.Hardware, job.Paths.InitfsDirectory);
        if (!processes.IsDryRun)
        {
            RootTreeBuilder.SetTimes(content.Directory, job.SourceDateEpoch);
            logger.Information("Gathered the initfs: {Files} files, {MiB:0.0} MiB with bootstrap, drivers {Drivers}", content.Files.Count, content.Bytes / MiB, string.Join(", ", content.Drivers));
        }
        var request = new InitfsArchiveRequest(job.Archiver, content, job.Paths.InitfsArchive, job.MaxBytes, job.Limit.Describe(), job.Limit.HowToRaise, job.SourceDateEpoch);
        var bytes = await new InitfsArchiver(processes).PackAsync(request);
        if (!processes.IsDryRun)
            logger.Information("Packed the initfs: {Path} ({MiB:0.0} of {Max:0} MiB)", job.Paths.InitfsArchive, bytes / MiB, job.MaxBytes / MiB);
        return new InitfsResult(job.Paths.InitfsArchive, bytes, content);
    }

    /// <summary>Builds the image; returns its manifest, or null under --dry-run.</summary>
    public async Task<ImageManifest?> BuildDiskAsync(DiskImageJob job, CancellationToken cancellationToken)
    {
        var paths = job.Paths;
        ImageRoot? tree = null;
        if (!processes.IsDryRun)
        {
            tree = new RootTreeBuilder(message => logger.Debug("{Message}", message))
                .Build(job.Profile, job.Packages, paths.Root, new RootTreeOptions(job.Name, job.BuildId, job.Passwords, job.Identity.SourceDateEpoch));
            logger.Information("Root tree {Root}: {Files} files, {Directories} directories, {Links} links, {MiB:0.0} MiB",
                paths.Root, tree.Stats.Files, tree.Stats.Directories, tree.Stats.Symlinks, tree.Stats.Bytes / MiB);
        }

        var initfs = await BuildInitfsAsync(job.Initfs);
        if (processes.IsDryRun)
        {
            var accounts = UserDatabase.From(job.Profile.Users.Values, job.Profile.Groups.Values, job.Passwords);
            var owners = RootTreeBuilder.Ownership(job.Profile, accounts).Resolve(null);
            await new RedoxFsArchiver(processes).CreateAsync(new RedoxFsRequest(job.Tools.RedoxFsArchiver, paths.Root, paths.RedoxFsImage, 0, owners, job.Identity.SourceDateEpoch));
            logger.Information("[dry-run] would write {Image} (ESP with EFI/BOOT/{Efi} from {Loader}) and {Manifest}", paths.Image, job.Bootloader.EfiName, job.Bootloader.Efi, paths.Manifest);
            return null;
        }

        InstallBootFiles(tree!, initfs, job.Identity.SourceDateEpoch);
        var stats = RootTreeStats.Measure(paths.Root);
        var disk = ImagePreflight.Plan(job.Sizes, stats, job.Identity);
        if (disk.AutoSized)
            logger.Information("general.filesystem_size is not set: the disk is {MiB} MiB (the root tree needs about {Need:0} MiB of RedoxFS)", disk.DiskSizeBytes / (long)MiB, stats.RedoxFsBytes / MiB);
        var esp = BootPartitions.Esp(job.Bootloader, disk, job.Sizes, job.Identity);
        var bios = BootPartitions.Bios(job.Bootloader.Bios, disk);

        var redoxOwners = tree!.Ownership.Resolve(paths.Root);
        await new RedoxFsArchiver(processes).CreateAsync(new RedoxFsRequest(job.Tools.RedoxFsArchiver, paths.Root, paths.RedoxFsImage, disk.Redox.SizeBytes, redoxOwners, job.Identity.SourceDateEpoch));

        Directory.CreateDirectory(paths.OutputDirectory);
        var contents = new List<PartitionContent>
        {
            new FatPartitionContent(RedoxDiskLayout.EfiPartition, esp),
            RawPartitionContent.FromFile(RedoxDiskLayout.RedoxPartition, paths.RedoxFsImage),
        };
        if (bios?.Partition is { } biosPartition) contents.Add(biosPartition);
        var layout = DiskImageWriter.Write(new DiskImageRequest(paths.Image, disk.Layout)
        {
            Contents = contents,
            MbrBootCode = bios?.MbrBootCode ?? ReadOnlyMemory<byte>.Empty,
        }, cancellationToken: cancellationToken);
        if (job.Live) File.Copy(job.Bootloader.Efi, paths.LiveBootloader, overwrite: true);

        var manifest = new ImageManifest(job.Name, job.Live ? "live" : "harddrive", Path.GetFileName(paths.Image), layout.DiskSizeBytes,
            await Sha256Async(paths.Image, cancellationToken), job.Identity.SourceDateEpoch, job.BuildId, job.TargetTriple, layout.DiskGuid, disk.AutoSized,
            ImageManifest.PartitionsOf(layout),
            job.Packages.Select(p => new ManifestPackage(p.Name.ToString(), p.Key, p.Files.Count, p.Bytes)).ToList(),
            new ManifestRootTree(stats.Files, stats.Directories, stats.Symlinks, stats.Bytes, stats.RedoxFsBytes, redoxOwners.Count),
            new ManifestInitfs(initfs.Bytes, job.Initfs.MaxBytes, initfs.Content.Files.Count, initfs.Content.Drivers),
            new ManifestBoot($"EFI/BOOT/{job.Bootloader.EfiName}", new FileInfo(job.Bootloader.Efi).Length, bios?.Bytes ?? 0));
        await File.WriteAllTextAsync(paths.Manifest, manifest.ToJson(), cancellationToken);
        logger.Information("Wrote {Image} ({MiB:0} MiB, sha256 {Sha}) and {Manifest}", paths.Image, layout.DiskSizeBytes / MiB, manifest.Sha256[..16], paths.Manifest);
        return manifest;
    }

    /// <summary>The bootloader reads usr/lib/boot/kernel and usr/lib/boot/initfs from RedoxFS; ours replaces any initfs base staged.</summary>
    private void InstallBootFiles(ImageRoot tree, InitfsResult initfs, long sourceDateEpoch)
    {
        var kernel = Path.Combine(tree.Directory, "usr", "lib", "boot", "kernel");
        if (!File.Exists(kernel))
            throw new ImageException($"The root tree has no usr/lib/boot/kernel, which the bootloader loads; add kernel = {{}} to [packages] (or check that the kernel recipe stages it).");
        var target = Path.Combine(tree.Directory, "usr", "lib", "boot", "initfs");
        if (File.Exists(target)) logger.Information("Replacing the initfs base staged with the one packed for this profile's [hardware]");
        File.Copy(initfs.Archive, target, overwrite: true);
        TreeWriter.SetMode(target, GeneratedFile.RegularMode);
        RootTreeBuilder.SetTimes(tree.Directory, sourceDateEpoch);
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
