namespace RedoxBuild.Image.Disk;

/// <summary>
/// A FAT12/16/32 volume planned from a tree: geometry chosen, short names assigned, every directory and file given
/// a contiguous cluster run, and the whole checked to fit before a byte is written. Writing is deterministic:
/// the same options and tree give the same bytes.
/// </summary>
public sealed partial class FatVolume
{
    private const long MiB = 1024 * 1024;
    private const int MaxDirectoryEntries = 65536; // FAT spec: a directory is at most 2 MiB of 32-byte entries

    private readonly List<DirectoryPlan> _directories;
    private readonly List<EntryPlan> _files;

    public FatVolumeOptions Options { get; }
    public FatGeometry Geometry { get; }
    public uint VolumeId { get; }
    public long SizeBytes => Options.SizeBytes;

    /// <summary>Clusters taken by directories and files.</summary>
    public long UsedClusters { get; }

    private FatVolume(FatVolumeOptions options, FatGeometry geometry, List<DirectoryPlan> directories, List<EntryPlan> files, long used)
    {
        (Options, Geometry, _directories, _files, UsedClusters) = (options, geometry, directories, files, used);
        VolumeId = options.Identity.DeriveUInt32($"fat/volume-id/{options.Label}");
    }

    /// <summary>Plans the volume; throws <see cref="DiskLayoutException"/> when the size, label or contents do not work.</summary>
    public static FatVolume Create(FatVolumeOptions options, FatDirectory root)
    {
        if (options.SizeBytes <= 0 || options.SizeBytes % FatGeometry.BytesPerSector != 0)
            throw new DiskLayoutException($"The FAT volume size {options.SizeBytes} bytes must be a positive multiple of {FatGeometry.BytesPerSector}.");
        if (options.RootDirectoryEntries < 16 || options.RootDirectoryEntries % 16 != 0)
            throw new DiskLayoutException($"RootDirectoryEntries is {options.RootDirectoryEntries}; it must be a positive multiple of 16 (one sector of entries).");
        CheckLabel(options.Label);
        var geometry = ChooseGeometry(options);

        var rootPlan = PlanDirectory(root, parent: null, isRoot: true, hasLabel: options.Label.Length > 0);
        var directories = new List<DirectoryPlan>();
        var files = new List<EntryPlan>();
        Collect(rootPlan, directories, files);

        var rootInData = geometry.Type == FatType.Fat32;
        if (!rootInData && rootPlan.SlotCount > geometry.RootEntryCount)
            throw new DiskLayoutException(
                $"The root directory needs {rootPlan.SlotCount} entries (long names take extra entries) but a {geometry.Type} root holds {geometry.RootEntryCount}; raise RootDirectoryEntries, move files into subdirectories, or use FAT32 ({options.SizeSetting} of at least {FatGeometry.MinimumFat32MiB()} MiB).");
        var needed = RequiredClusters(directories, files, geometry.BytesPerCluster, rootInData);
        if (needed > geometry.ClusterCount) throw NotEnoughSpace(options, geometry, directories, files, needed);

        long next = 2;
        foreach (var dir in directories.Where(d => rootInData || !ReferenceEquals(d, rootPlan)))
        {
            dir.FirstCluster = next;
            dir.Clusters = DirectoryClusters(dir, geometry.BytesPerCluster);
            next += dir.Clusters;
        }
        foreach (var file in files)
        {
            var length = ((FatFile)file.Node).Content.Length;
            file.Clusters = ClustersFor(length, geometry.BytesPerCluster);
            file.FirstCluster = file.Clusters == 0 ? 0 : next;
            next += file.Clusters;
        }
        return new FatVolume(options, geometry, directories, files, next - 2);
    }

    private static FatGeometry ChooseGeometry(FatVolumeOptions options)
    {
        var geometry = FatGeometry.Choose(options.SizeBytes, options.Type, options.RootDirectoryEntries);
        if (geometry is not null) return geometry;
        var size = $"{options.SizeBytes} bytes ({options.SizeBytes / (double)MiB:0.##} MiB)";
        throw options.Type switch
        {
            FatType.Fat32 => new DiskLayoutException(
                $"A FAT32 volume needs at least {FatGeometry.MinFat32Clusters} clusters, which takes at least {FatGeometry.MinimumFat32MiB()} MiB with 512-byte clusters; this volume is {size}. Raise {options.SizeSetting} to {FatGeometry.MinimumFat32MiB()} MiB or more, or leave the FAT type unset so FAT12/FAT16 is used."),
            FatType.Fat16 => new DiskLayoutException(
                $"A FAT16 volume needs {FatGeometry.MinFat16Clusters}..{FatGeometry.MaxFat16Clusters} clusters of at most 32 KiB; a volume of {size} cannot have that. Change {options.SizeSetting} or leave the FAT type unset."),
            _ => new DiskLayoutException(
                $"A volume of {size} is too small (or, for FAT12, too large) for a FAT filesystem with a {options.RootDirectoryEntries}-entry root directory; raise {options.SizeSetting} or leave the FAT type unset."),
        };
    }

    private static void CheckLabel(string label)
    {
        if (label.Length > 11) throw new DiskLayoutException($"The volume label '{label}' has {label.Length} characters; FAT labels hold at most 11.");
        foreach (var c in label)
            if (!(c is >= 'A' and <= 'Z' or >= '0' and <= '9' or ' ' || "!#$%&'()-@^_`{}~".Contains(c)))
                throw new DiskLayoutException($"The volume label '{label}' contains '{c}'; use upper-case letters, digits, spaces or !#$%&'()-@^_`{{}}~ (lower case is not portable).");
        if (label.Length > 0 && label[0] == ' ') throw new DiskLayoutException($"The volume label '{label}' starts with a space.");
    }

    private static DirectoryPlan PlanDirectory(FatDirectory node, DirectoryPlan? parent, bool isRoot, bool hasLabel)
    {
        var plan = new DirectoryPlan(node, parent);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        // Names already in plain 8.3 form claim their short names first, so a generated "~1" can never take them.
        var entries = node.Children.Select(child => new EntryPlan(child)).ToList();
        foreach (var e in entries.Where(e => FatNames.IsPlainShortName(e.Node.Name)))
        {
            (e.ShortName, e.HasLongName) = FatNames.ShortNameFor(e.Node.Name, taken);
            taken.Add(FatNames.ToKey(e.ShortName));
        }
        foreach (var e in entries.Where(e => e.ShortName.Length == 0))
        {
            (e.ShortName, e.HasLongName) = FatNames.ShortNameFor(e.Node.Name, taken);
            taken.Add(FatNames.ToKey(e.ShortName));
        }
        foreach (var e in entries)
            if (e.Node is FatDirectory sub) e.Directory = PlanDirectory(sub, plan, isRoot: false, hasLabel: false);

        plan.Entries = entries;
        plan.SlotCount = (isRoot ? (hasLabel ? 1 : 0) : 2) + entries.Sum(e => 1 + (e.HasLongName ? (e.Node.Name.Length + 12) / 13 : 0));
        if (plan.SlotCount > MaxDirectoryEntries)
            throw new DiskLayoutException($"Directory '{node.Name}' needs {plan.SlotCount} entries; a FAT directory holds at most {MaxDirectoryEntries}. Split it.");
        return plan;
    }

    private static void Collect(DirectoryPlan dir, List<DirectoryPlan> directories, List<EntryPlan> files)
    {
        // Directories first (metadata packed at the start of the data area), then files, both in tree order.
        directories.Add(dir);
        foreach (var e in dir.Entries)
            if (e.Directory is not null) Collect(e.Directory, directories, files);
            else files.Add(e);
    }

    private static long ClustersFor(long bytes, int clusterBytes) => (bytes + clusterBytes - 1) / clusterBytes;

    // Even an empty FAT32 root (no label, no files) needs its cluster: the BPB points at it.
    private static long DirectoryClusters(DirectoryPlan dir, int clusterBytes) => Math.Max(1, ClustersFor(dir.SlotCount * 32L, clusterBytes));

    private static long RequiredClusters(IEnumerable<DirectoryPlan> dirs, IEnumerable<EntryPlan> files, int clusterBytes, bool rootInData) =>
        dirs.Where(d => rootInData || d.Parent is not null).Sum(d => DirectoryClusters(d, clusterBytes))
        + files.Sum(f => ClustersFor(((FatFile)f.Node).Content.Length, clusterBytes));

    private static DiskLayoutException NotEnoughSpace(FatVolumeOptions options, FatGeometry geometry, List<DirectoryPlan> dirs, List<EntryPlan> files, long needed)
    {
        var neededBytes = needed * geometry.BytesPerCluster;
        var contentBytes = files.Sum(f => ((FatFile)f.Node).Content.Length);
        var sizeMiB = (options.SizeBytes + MiB - 1) / MiB;
        string suggestion = $"Raise {options.SizeSetting} well beyond {sizeMiB} MiB.";
        // Cluster size grows with the volume, so the smallest size that fits is found by trying, not by division.
        for (var mib = sizeMiB + 1; mib <= sizeMiB + 2 * ((neededBytes + MiB - 1) / MiB) + 64; mib++)
        {
            var g = FatGeometry.Choose(mib * MiB, options.Type, options.RootDirectoryEntries);
            if (g is null) continue;
            var rootInData = g.Type == FatType.Fat32;
            var rootOk = rootInData || dirs[0].SlotCount <= g.RootEntryCount;
            if (rootOk && RequiredClusters(dirs, files, g.BytesPerCluster, rootInData) <= g.ClusterCount)
            {
                suggestion = $"Raise {options.SizeSetting} to at least {mib} MiB.";
                break;
            }
        }
        return new DiskLayoutException(
            $"The FAT volume contents do not fit: {files.Count} file(s) totalling {contentBytes} bytes plus directories need {needed} clusters of {geometry.BytesPerCluster} bytes ({neededBytes} bytes), but the {geometry.Type} volume of {options.SizeBytes} bytes has {geometry.ClusterCount} clusters ({geometry.DataBytes} bytes) for data. {suggestion}");
    }

    private sealed class DirectoryPlan(FatDirectory node, DirectoryPlan? parent)
    {
        public FatDirectory Node { get; } = node;
        public DirectoryPlan? Parent { get; } = parent;
        public List<EntryPlan> Entries { get; set; } = [];
        public int SlotCount { get; set; }
        public long FirstCluster { get; set; }
        public long Clusters { get; set; }
    }

    private sealed class EntryPlan(FatNode node)
    {
        public FatNode Node { get; } = node;
        public byte[] ShortName { get; set; } = [];
        public bool HasLongName { get; set; }
        public DirectoryPlan? Directory { get; set; }
        public long FirstCluster { get; set; }
        public long Clusters { get; set; }
    }
}
