namespace RedoxBuild.Image.Assembly;

/// <summary>
/// A size in MiB and where it was decided, so a "does not fit" error can say which knob to turn: a profile key
/// (<see cref="Key"/> in <see cref="File"/>) or a command-line parameter. A null <see cref="MiB"/> means unset.
/// </summary>
/// <see cref="IsDefault"/> marks a built-in default the profile did not set (<see cref="File"/> is then where to set it);
/// <see cref="Parameter"/> is null for settings only a profile can change.
public sealed record SizeSetting(long? MiB, string Key, string File, string? Parameter, bool FromParameter = false, bool IsDefault = false)
{
    /// <summary>"general.filesystem_size = 768 MiB (profiles/default.toml)" or "--filesystem-size 900".</summary>
    public string Describe() =>
        FromParameter ? $"{Parameter} {MiB}"
        : MiB is null ? $"{Key} not set in {File}"
        : IsDefault ? $"{Key} = {MiB} MiB by default (not set in {File})"
        : $"{Key} = {MiB} MiB ({File})";

    /// <summary>The advice for a value of at least <paramref name="suggestedMiB"/>.</summary>
    public string HowToRaise(long suggestedMiB) =>
        FromParameter ? $"pass a larger {Parameter} (at least {suggestedMiB})"
        : Parameter is null ? $"set {Key} to at least {suggestedMiB} in {File}"
        : $"raise {Key} in {File} or pass {Parameter} {suggestedMiB}";
}

/// <summary>The image's size settings: the whole disk, the EFI system partition and the initfs limit.</summary>
public sealed record ImageSizes(SizeSetting Filesystem, SizeSetting Efi, SizeSetting InitfsMax)
{
    /// <summary>Upstream's default ESP: 1 MiB (FAT12), enough for the Redox UEFI loader.</summary>
    public const int DefaultEfiMiB = 1;

    public int EfiMiB => (int)(Efi.MiB ?? DefaultEfiMiB);
}

/// <summary>The host programs that pack the initfs and the RedoxFS partition.</summary>
public sealed record ImageTools(string InitfsArchiver, string RedoxFsArchiver);

/// <summary>
/// The loaders from the bootloader package's stage: the UEFI application (upstream: usr/lib/boot/bootloader.efi,
/// or bootloader-live.efi for live images) installed as EFI/BOOT/&lt;<see cref="EfiName"/>&gt;, and the BIOS loader
/// when the package built one.
/// </summary>
public sealed record BootloaderFiles(string Efi, string? Bios, string EfiName)
{
    public static BootloaderFiles FromStage(string stageTree, bool live, string targetTriple)
    {
        var suffix = live ? "-live" : "";
        var efi = Path.Combine(stageTree, "usr", "lib", "boot", $"bootloader{suffix}.efi");
        var bios = Path.Combine(stageTree, "usr", "lib", "boot", $"bootloader{suffix}.bios");
        return new BootloaderFiles(efi, File.Exists(bios) ? bios : null, EfiNameFor(targetTriple));
    }

    /// <summary>The removable-media path UEFI firmware boots for the architecture (as the installer picks it).</summary>
    public static string EfiNameFor(string targetTriple) => targetTriple.Split('-')[0] switch
    {
        "x86_64" => "BOOTX64.EFI",
        "aarch64" => "BOOTAA64.EFI",
        "i586" or "i686" => "BOOTIA32.EFI",
        "riscv64gc" or "riscv64" => "BOOTRISCV64.EFI",
        var other => throw new ImageException($"no UEFI boot file name is known for architecture \"{other}\" (from --target-triple {targetTriple}); Redox boots x86_64, aarch64, i586/i686 and riscv64gc"),
    };
}

/// <summary>
/// Where one image is put together (build/work/images/&lt;name&gt;: the root tree, the gathered initfs and the
/// partition files, all regenerable) and where its results go (build/images/&lt;name&gt;: the image and its manifest).
/// The hard disk and the live image share the work directory; they are built one at a time.
/// </summary>
public sealed record ImagePaths(string WorkDirectory, string OutputDirectory, bool Live)
{
    public string Root => Path.Combine(WorkDirectory, "root");
    public string InitfsDirectory => Path.Combine(WorkDirectory, "initfs");
    public string InitfsArchive => Path.Combine(WorkDirectory, "initfs.img");
    public string RedoxFsImage => Path.Combine(WorkDirectory, "redoxfs.img");

    /// <summary>harddrive.img, or livedisk.iso for the live variant (named as upstream CI names it; a GPT disk, not ISO 9660).</summary>
    public string Image => Path.Combine(OutputDirectory, Live ? "livedisk.iso" : "harddrive.img");
    public string Manifest => Path.Combine(OutputDirectory, Live ? "livedisk.manifest.json" : "manifest.json");

    /// <summary>The live UEFI loader beside the image, as upstream's --write-bootloader leaves it (for PXE and -kernel boots).</summary>
    public string LiveBootloader => Path.Combine(OutputDirectory, "bootloader-live.efi");
}
