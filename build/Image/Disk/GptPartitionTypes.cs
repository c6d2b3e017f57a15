namespace RedoxBuild.Image.Disk;

/// <summary>Partition type GUIDs the Redox image uses (as sgdisk and the UEFI spec print them).</summary>
public static class GptPartitionTypes
{
    /// <summary>BIOS boot partition (sgdisk ef02): where GRUB-style and Redox BIOS loaders keep their second stage.</summary>
    public static readonly Guid BiosBoot = new("21686148-6449-6E6F-744E-656564454649");

    /// <summary>EFI System Partition (sgdisk ef00).</summary>
    public static readonly Guid EfiSystem = new("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");

    /// <summary>Linux filesystem data (sgdisk 8300; note 8E79, not 8E47); upstream's installer labels the RedoxFS partition with it.</summary>
    public static readonly Guid LinuxFilesystem = new("0FC63DAF-8483-4772-8E79-3D69D8477DE4");
}
