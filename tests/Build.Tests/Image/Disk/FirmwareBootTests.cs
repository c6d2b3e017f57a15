using RedoxBuild.Image.Disk;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Image.Disk;

/// <summary>
/// The real judge: OVMF (EDK II, Debian 2022.11) under QEMU TCG must find our GPT, mount our FAT and run what is
/// on it. Each boot is bounded; qemu is killed whatever happens; the temp dir goes with the test.
/// </summary>
public class FirmwareBootTests
{
    private const string Qemu = OvmfBoot.Qemu;
    private const string OvmfCode = OvmfBoot.Code;
    private const string OvmfVars = OvmfBoot.Vars;
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(60);

    private static string Fixture(string name) => Path.Combine(RepoPaths.Root, "tests/Build.Tests/Image/Disk/Fixtures", name);

    [RequiresToolsFact(Qemu, OvmfCode, OvmfVars)]
    public void OVMF_runs_startup_nsh_from_our_FAT32_ESP()
    {
        using var dir = new TempDir();
        var disk = WriteDisk(dir, espMib: 40, new FatTreeBuilder().AddHostFile("startup.nsh", Fixture("startup.nsh")));

        var (exitCode, serial) = OvmfBoot.Run(disk, dir.Path, BootTimeout);

        serial.Should().Contain("ESP-MARKER-BOOTED");
        exitCode.Should().Be(0, "'reset -s' powers off and -no-reboot makes qemu exit cleanly");
    }

    [RequiresToolsTheory(Qemu, OvmfCode, OvmfVars, "gcc", "ld", "objcopy", "/usr/lib/crt0-efi-x86_64.o", "/usr/include/efi/efi.h")]
    [InlineData(1)]  // upstream's default ESP size: FAT12
    [InlineData(40)] // FAT32
    public void OVMF_boots_a_gnu_efi_BOOTX64_EFI_from_our_ESP(int espMib)
    {
        using var dir = new TempDir();
        var app = BuildEfiApp(dir, Fixture("marker-app.c"));
        var disk = WriteDisk(dir, espMib, new FatTreeBuilder().AddHostFile("EFI/BOOT/BOOTX64.EFI", app));

        var (exitCode, serial) = OvmfBoot.Run(disk, dir.Path, BootTimeout);

        serial.Should().Contain("EFI-APP-MARKER-OK");
        exitCode.Should().Be(0, "the app calls ResetSystem(EfiResetShutdown)");
    }

    private static string WriteDisk(TempDir dir, int espMib, FatTreeBuilder tree)
    {
        var layout = RedoxDiskLayout.Create(new RedoxDiskLayoutOptions((espMib + 8) * DiskFixtures.MiB, DiskFixtures.Identity) { EfiPartitionSizeMiB = espMib });
        var esp = FatVolume.Create(FatVolumeOptions.ForPartition(layout.Partition(RedoxDiskLayout.EfiPartition), DiskFixtures.Identity), tree.Build());
        var path = dir.File("disk.img");
        DiskImageWriter.Write(new DiskImageRequest(path, layout) { Contents = [new FatPartitionContent(RedoxDiskLayout.EfiPartition, esp)] });
        return path;
    }

    /// <summary>The gnu-efi build from the machine notes: compile, link as a shared object, convert to PE32+.</summary>
    private static string BuildEfiApp(TempDir dir, string source)
    {
        var obj = dir.File("app.o");
        var so = dir.File("app.so");
        var efi = dir.File("BOOTX64.EFI");
        Step(Tool.Run("gcc", "-I/usr/include/efi", "-I/usr/include/efi/x86_64", "-fpic", "-ffreestanding", "-fno-stack-protector",
            "-fno-stack-check", "-fshort-wchar", "-mno-red-zone", "-maccumulate-outgoing-args", "-DEFI_FUNCTION_WRAPPER", "-c", source, "-o", obj));
        Step(Tool.Run("ld", "-shared", "-Bsymbolic", "-L/usr/lib", "-T/usr/lib/elf_x86_64_efi.lds", "/usr/lib/crt0-efi-x86_64.o", obj,
            "-o", so, "-lgnuefi", "-lefi"));
        Step(Tool.Run("objcopy", "-j", ".text", "-j", ".sdata", "-j", ".data", "-j", ".rodata", "-j", ".dynamic", "-j", ".dynsym",
            "-j", ".rel", "-j", ".rela", "-j", ".rel.*", "-j", ".rela.*", "-j", ".reloc", "--target", "efi-app-x86_64", "--subsystem=10", so, efi));
        return efi;

        static void Step(ToolResult r) => r.ExitCode.Should().Be(0, r.All);
    }
}
