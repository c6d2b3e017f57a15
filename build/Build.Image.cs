using System.Globalization;
using RedoxBuild.Cook;
using RedoxBuild.Cook.Staging;
using RedoxBuild.Doctor;
using RedoxBuild.Engine;
using RedoxBuild.Image;
using RedoxBuild.Image.Assembly;
using RedoxBuild.Image.Disk;
using RedoxBuild.Image.Initfs;
using RedoxBuild.Image.RootTree;
using RedoxBuild.Model;
using RedoxBuild.Model.Planning;
using RedoxBuild.Model.Profiles;

// Image targets: the initfs, the hard disk image and the live image of a profile, from the stages Packages cooked and
// the archivers HostTools built (or the ones --initfs-archiver / --redoxfs-archiver name; --skip HostTools then).
partial class Build
{
    [Parameter("DiskImage, LiveImage: the whole disk in MiB (upstream's FILESYSTEM_SIZE). Default: general.filesystem_size of the profile, else sized from the root tree.", EnvironmentAliases = ["FILESYSTEM_SIZE"])]
    readonly long? FilesystemSize;

    [Parameter("DiskImage, LiveImage: the EFI system partition in MiB. Default: general.efi_partition_size of the profile, else 1 (upstream's).")]
    readonly int? EfiPartitionSize;

    [Parameter("Initfs, DiskImage, LiveImage: the redox-initfs-ar program that packs the initfs. Default: the one HostTools builds (host:redox-initfs-tools).")]
    readonly AbsolutePath? InitfsArchiver;

    [Parameter("DiskImage, LiveImage: the redoxfs-ar program (redoxfs archive mode with --uid/--gid/--chown) that makes the RedoxFS partition. Default: the one HostTools builds (host:redoxfs).")]
    readonly AbsolutePath? RedoxfsArchiver;

    [Parameter("Images: derive password salts, GUIDs, serials and file times from the inputs and SOURCE_DATE_EPOCH (1980-01-01 when unset), so equal inputs give byte-identical images. Setting SOURCE_DATE_EPOCH implies it.")]
    readonly bool Reproducible;

    [UsesTools(ToolFamily.Sources, ToolFamily.RustToolchain, ToolFamily.CBuild)]
    Target Initfs => _ => _
        .Description("Packs the --profile's initfs (base's early daemons, redoxfs, the drivers [hardware] selects and their pcid config) with redox-initfs-ar into build/images/<profile>/initfs.img; fails before packing when it exceeds image.initfs_max_size.")
        .DependsOn(Packages, HostTools)
        .Produces("build/images/*/initfs.img")
        .Executes(async () =>
        {
            var inputs = await ImageInputsAsync();
            var paths = ImagePathsFor(live: false);
            var archiver = InitfsArchiver?.ToString() ?? await HostToolAsync("redox-initfs-tools", "redox-initfs-ar", "--initfs-archiver");
            var job = InitfsJobFor(inputs, archiver, paths, ImageEpoch());
            var output = Path.Combine(paths.OutputDirectory, "initfs.img");
            var stamp = ImageFreshness.InitfsStamp(paths, output);
            var fingerprint = IsDryRun ? null : ImageFreshness.InputsOf(job, inputs.Profile.Sources, ImageIsReproducible);
            if (ReuseOrSetAside(stamp, fingerprint))
            {
                Logger.Information("{Initfs} is up to date: its inputs did not change since it was packed", SourcePaths.Display(output));
                ReportSummary(s => s["Initfs"] = $"{new ByteSize(new FileInfo(output).Length).ToHumanString()} (up to date)");
                return;
            }
            var result = await new ImageAssembler(Processes, Logger).BuildInitfsAsync(job);
            if (IsDryRun) return;
            Directory.CreateDirectory(paths.OutputDirectory);
            File.Copy(result.Archive, output, overwrite: true);
            stamp.Record(fingerprint!);
            ReportSummary(s => s["Initfs"] = $"{new ByteSize(result.Bytes).ToHumanString()} of {inputs.Profile.Image.InitfsMaxSize} MiB, {result.Content.Files.Count} files");
        });

    [UsesTools(ToolFamily.Sources, ToolFamily.RustToolchain, ToolFamily.CBuild)]
    Target DiskImage => _ => _
        .Description("Builds build/images/<profile>/harddrive.img from the --profile's cooked packages: root tree, initfs, RedoxFS (redoxfs-ar), FAT ESP with the UEFI loader, GPT as upstream lays it out (sparse, GUIDs derived from the inputs), plus manifest.json; checks every size first.")
        .DependsOn(Packages, HostTools)
        .Produces("build/images/*/harddrive.img", "build/images/*/manifest.json")
        .Executes(() => BuildImageAsync(live: false));

    [UsesTools(ToolFamily.Sources, ToolFamily.RustToolchain, ToolFamily.CBuild)]
    Target LiveImage => _ => _
        .Description("Builds build/images/<profile>/livedisk.iso: the same GPT disk with the live loaders (bootloader-live.efi/.bios, which load the whole disk into memory), bootloader-live.efi beside it and livedisk.manifest.json.")
        .DependsOn(Packages, HostTools)
        .Produces("build/images/*/livedisk.iso", "build/images/*/bootloader-live.efi", "build/images/*/livedisk.manifest.json")
        .Executes(() => BuildImageAsync(live: true));

    /// <summary>
    /// True when the outputs there were built from these inputs and are untouched. Otherwise any output the last build
    /// did not write (changed by hand, booted without an overlay, or there before) is moved aside, never built over.
    /// </summary>
    bool ReuseOrSetAside(OutputStamp stamp, string? fingerprint)
    {
        if (fingerprint is null) return false; // a dry run writes nothing, so it moves nothing
        var check = stamp.Check(fingerprint);
        foreach (var changed in check.ChangedSinceBuilt)
            Logger.Warning("{File} is not the file this build wrote (changed since, or there before); it is kept as {Aside} and a new one is built",
                SourcePaths.Display(changed), SourcePaths.Display(OutputStamp.MoveAside(changed, DateTimeOffset.UtcNow)));
        return check.UpToDate;
    }

    /// <summary>The profile, its plan and every planned recipe's stage (keys computed again; all cached after Packages).</summary>
    sealed record ImageInputs(Profile Profile, PackagePlan Plan, IReadOnlyDictionary<string, StagedOutput> Stages)
    {
        public StagedOutput Stage(PackageName name, string why) =>
            Stages.TryGetValue(name.Base.ToString(), out var stage) ? stage
                : throw new ImageException($"{why}, but {name.Base} is not among the profile's packages; add {name.Base} = {{}} to [packages] of {Profile.Path}");
    }

    async Task BuildImageAsync(bool live)
    {
        var inputs = await ImageInputsAsync();
        var profile = inputs.Profile;
        var tools = new ImageTools(
            InitfsArchiver?.ToString() ?? await HostToolAsync("redox-initfs-tools", "redox-initfs-ar", "--initfs-archiver"),
            RedoxfsArchiver?.ToString() ?? await HostToolAsync("redoxfs", "redoxfs-ar", "--redoxfs-archiver"));
        var epoch = ImageEpoch();
        var paths = ImagePathsFor(live);
        var packages = PackageInstallOrder.For(profile, inputs.Plan)
            .Select(p => PackageContent.From(p.Name, p.Recipe, inputs.Stage(p.Name, $"{p.Name} is installed"))).ToList();
        var bootloader = inputs.Stage(new PackageName("bootloader"), "the image boots with the bootloader package's loaders");
        var identity = new ImageIdentity(DiskImageJob.Seed(profile, TargetTriple, live, packages, bootloader.Key), epoch);
        var job = new DiskImageJob(profile, ProfileImageName, live, TargetTriple, packages, InitfsJobFor(inputs, tools.InitfsArchiver, paths, epoch),
            BootloaderFiles.FromStage(bootloader.Tree, live, TargetTriple), tools, ImageSizesFor(profile), paths, identity,
            new PasswordHashing(Deterministic: ImageIsReproducible, epoch));

        var fingerprint = IsDryRun ? null : ImageFreshness.InputsOf(job, ImageIsReproducible);
        var stamp = ImageFreshness.DiskStamp(paths);
        ImageManifest? manifest;
        if (ReuseOrSetAside(stamp, fingerprint))
        {
            manifest = ImageManifest.FromJson(await File.ReadAllTextAsync(paths.Manifest, CancellationToken));
            Logger.Information("{Image} is up to date: its inputs did not change since it was built (delete it, or change an input, to build it again)",
                SourcePaths.Display(paths.Image));
        }
        else
        {
            manifest = await new ImageAssembler(Processes, Logger).BuildDiskAsync(job, CancellationToken);
            if (manifest is null) return;
            stamp.Record(fingerprint!);
        }
        ReportSummary(s =>
        {
            s["Image"] = $"{SourcePaths.Display(paths.Image)} ({manifest.SizeBytes / ByteSize.MiB} MiB)";
            s["SHA-256"] = manifest.Sha256[..16];
            s["Packages"] = manifest.Packages.Count.ToString(CultureInfo.InvariantCulture);
        });
    }

    async Task<ImageInputs> ImageInputsAsync()
    {
        var profile = LoadProfile();
        var plan = PlanProfile();
        var report = await CookUnitsAsync(CookUnit.FromPlan(plan, Platform));
        var store = new StageStore(CookLayout.Stages);
        return new ImageInputs(profile, plan, report.Results.ToDictionary(r => r.Name, r => StageOf(store, r), StringComparer.Ordinal));
    }

    /// <summary>A cooked stage; under --dry-run a stage that was not built is described by the path it will have.</summary>
    StagedOutput StageOf(StageStore store, CookResult result) =>
        store.TryGet(result.Key) ?? (IsDryRun
            ? new StagedOutput(result.Key, store.PathFor(result.Key), new StageManifest(result.Key, result.Name, TargetTriple, [], 0, 0))
            : throw new ImageException($"{result.Name} has no staged output for key {result.Key}; run ./build.sh Packages --profile {Profile} first"));

    InitfsJob InitfsJobFor(ImageInputs inputs, string archiver, ImagePaths paths, long epoch)
    {
        var profile = inputs.Profile;
        var baseStage = inputs.Stage(new PackageName("base"), "the initfs is gathered from base's stage");
        var redoxfs = inputs.Stage(new PackageName("redoxfs"), "the initfs carries the redoxfs daemon");
        return new InitfsJob(new InitfsSources(baseStage.Tree, redoxfs.Tree, InitfsSources.ArchitectureOf(TargetTriple)), profile.Hardware, archiver,
            ImageSizesFor(profile).InitfsMax, paths, epoch);
    }

    ImageSizes ImageSizesFor(Profile profile)
    {
        string FileOf(string key) => profile.PositionOf("general", key)?.File ?? SourcePaths.Display(profile.Path);
        var filesystem = FilesystemSize is { } fs
            ? new SizeSetting(fs, "general.filesystem_size", FileOf("filesystem_size"), "--filesystem-size", FromParameter: true)
            : new SizeSetting(profile.General.FilesystemSize, "general.filesystem_size", FileOf("filesystem_size"), "--filesystem-size");
        var efi = EfiPartitionSize is { } e
            ? new SizeSetting(e, "general.efi_partition_size", FileOf("efi_partition_size"), "--efi-partition-size", FromParameter: true)
            : new SizeSetting(profile.General.EfiPartitionSize, "general.efi_partition_size", FileOf("efi_partition_size"), "--efi-partition-size");
        var initfsPosition = profile.PositionOf("image", "initfs_max_size");
        return new ImageSizes(filesystem, efi, new SizeSetting(profile.Image.InitfsMaxSize, "image.initfs_max_size",
            initfsPosition?.File ?? SourcePaths.Display(profile.Path), null, IsDefault: initfsPosition is null));
    }

    /// <summary>The image parameters a run can check before anything is cooked (the sizes against the content come later).</summary>
    void CheckImageParameters()
    {
        if (FilesystemSize is <= 0)
            throw new BuildFailure($"--filesystem-size (env FILESYSTEM_SIZE) must be a positive number of MiB, got {FilesystemSize}; leave it out to size the disk from its content.");
        if (EfiPartitionSize is <= 0)
            throw new BuildFailure($"--efi-partition-size (env EFI_PARTITION_SIZE) must be a positive number of MiB, got {EfiPartitionSize}; upstream's default is 1.");
        ImageEpoch(); // SOURCE_DATE_EPOCH must parse
    }

    ImagePaths ImagePathsFor(bool live) => new(Layout.Work / "images" / ProfileImageName, Layout.Images / ProfileImageName, live);

    bool ImageIsReproducible => Reproducible || EnvironmentVariables.ContainsKey("SOURCE_DATE_EPOCH");

    /// <summary>SOURCE_DATE_EPOCH; with --reproducible alone 1980-01-01 (the first date FAT can store); otherwise now.</summary>
    long ImageEpoch()
    {
        if (EnvironmentVariables.GetValueOrDefault("SOURCE_DATE_EPOCH") is { } text)
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
                ? epoch
                : throw new BuildFailure($"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, found \"{text}\"");
        return Reproducible ? 315_532_800 : DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    /// <summary>
    /// A host tool from the host build of a recipe (HostTools has cooked it, so this is a cache hit; cooked now if it
    /// was skipped), e.g. redoxfs-ar from host:redoxfs.
    /// Under --dry-run, the path it will have.
    /// </summary>
    async Task<string> HostToolAsync(string recipe, string program, string parameter)
    {
        var name = new PackageName(recipe, host: true);
        Logger.Information("Using {Program} from the host build of {Recipe} (pass {Parameter} to use another)", program, recipe, parameter);
        CookReport report;
        try
        {
            var plan = SelectRecipes([name.ToString()]);
            report = await CookUnitsAsync(CookUnit.FromPlan(plan, Platform));
        }
        catch (CookFailedException e)
        {
            throw new ImageException($"{program} comes from the host build of {recipe} ({name}), which failed:\n{e.Message}\nPass {parameter} with the path of a {program} built another way.");
        }
        var result = report.Results.Single(r => r.Name == name.ToString());
        var tree = result.StageDir ?? Path.Combine(new StageStore(CookLayout.Stages).PathFor(result.Key), "stage");
        string[] candidates = [Path.Combine(tree, "usr", "bin", program), Path.Combine(tree, "bin", program)];
        return IsDryRun ? candidates[0] : candidates.FirstOrDefault(File.Exists)
            ?? throw new ImageException($"The host build of {recipe} has no {program} (looked for {string.Join(" and ", candidates)}); pass {parameter} with the path of a {program}.");
    }
}
