using System.Diagnostics;
using System.Text;
using RedoxBuild.Image.Disk;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Runners.BootTest;

/// <summary>A temp directory deleted with everything in it (every VM using it must be dead by then).</summary>
public sealed class ScratchDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("redox-runner-test-").FullName;
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>
/// The steps a fixture BOOTX64.EFI plays (Fixtures/script-app.c): what a Redox boot prints, at a pace, plus the
/// odd behaviours tests need (waiting for a key, writing to its disk, powering off, hanging).
/// </summary>
public sealed class EfiScript
{
    private readonly List<string> _lines = [];

    public EfiScript Say(string text) => Add($"say(L\"{Escape(text)}\");");
    public EfiScript SayWithoutNewline(string text) => Add($"say_raw(L\"{Escape(text)}\");");
    public EfiScript Sleep(int milliseconds) => Add($"sleep_ms({milliseconds});");
    public EfiScript WaitForKey() => Add("wait_key();");
    public EfiScript WriteFile(string name) => Add($"write_file(L\"{Escape(name)}\");");
    public EfiScript PowerOff() => Add("shutdown();");

    /// <summary>The four default milestones, 150 ms apart, ending in an ion prompt without a newline (like the real one).</summary>
    public static EfiScript RedoxBoot() => new EfiScript()
        .Say("Redox OS Bootloader 1.0.0").Sleep(150)
        .Say("Redox OS starting...").Sleep(150)
        .Say("Redox OS Boot Complete!").Sleep(150)
        .SayWithoutNewline("ion> ");

    /// <summary>The body of script.inc; after it the app hangs until killed.</summary>
    public string Source => string.Join("\n", _lines) + "\n";

    private EfiScript Add(string line)
    {
        _lines.Add(line);
        return this;
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}

/// <summary>Bootable fixture images: a gnu-efi app compiled from a script, on the ESP of a disk our own writer makes.</summary>
public static class BootFixtures
{
    public const string QemuSystem = "qemu-system-x86_64";
    public const string QemuImg = "qemu-img";
    public const string Gcc = "gcc";
    public const string GnuEfiCrt0 = "/usr/lib/crt0-efi-x86_64.o";
    public const string Ovmf = "/usr/share/OVMF/OVMF_CODE_4M.fd";

    private const long MiB = 1024 * 1024;
    private static readonly ImageIdentity Identity = new("boot-test-fixture", 1_700_000_000);

    private static string AppSource => Path.Combine(RepoPaths.Root, "tests/Build.Tests/Runners/BootTest/Fixtures/script-app.c");

    /// <summary>Writes dir/name: a 48 MiB GPT disk whose 40 MiB FAT32 ESP holds the script's app as \EFI\BOOT\BOOTX64.EFI.</summary>
    public static string WriteImage(ScratchDir dir, EfiScript script, string name = "disk.img")
    {
        var app = Compile(dir, script, Path.GetFileNameWithoutExtension(name));
        var layout = RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(48 * MiB, Identity) { EfiPartitionSizeMiB = 40 });
        var esp = FatVolume.Create(FatVolumeOptions.ForPartition(layout.Partition(RedoxDiskLayout.EfiPartition), Identity),
            new FatTreeBuilder().AddHostFile("EFI/BOOT/BOOTX64.EFI", app).Build());
        var path = dir.File(name);
        DiskImageWriter.Write(new DiskImageRequest(path, layout) { Contents = [new FatPartitionContent(RedoxDiskLayout.EfiPartition, esp)] });
        return path;
    }

    /// <summary>The gnu-efi recipe of the machine notes: compile with script.inc, link as a shared object, convert to PE32+.</summary>
    private static string Compile(ScratchDir dir, EfiScript script, string stem)
    {
        var work = Directory.CreateDirectory(dir.File($"{stem}-app")).FullName;
        File.WriteAllText(Path.Combine(work, "script.inc"), script.Source);
        var obj = Path.Combine(work, "app.o");
        var so = Path.Combine(work, "app.so");
        var efi = Path.Combine(work, "BOOTX64.EFI");
        Run(Gcc, "-I/usr/include/efi", "-I/usr/include/efi/x86_64", $"-I{work}", "-fpic", "-ffreestanding", "-fno-stack-protector",
            "-fno-stack-check", "-fshort-wchar", "-mno-red-zone", "-maccumulate-outgoing-args", "-DEFI_FUNCTION_WRAPPER", "-c", AppSource, "-o", obj);
        Run("ld", "-shared", "-Bsymbolic", "-L/usr/lib", "-T/usr/lib/elf_x86_64_efi.lds", GnuEfiCrt0, obj, "-o", so, "-lgnuefi", "-lefi");
        Run("objcopy", "-j", ".text", "-j", ".sdata", "-j", ".data", "-j", ".rodata", "-j", ".dynamic", "-j", ".dynsym", "-j", ".rel",
            "-j", ".rela", "-j", ".rel.*", "-j", ".rela.*", "-j", ".reloc", "--target", "efi-app-x86_64", "--subsystem=10", so, efi);
        return efi;
    }

    private static void Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(HostTools.Require(tool)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (!process.WaitForExit(TimeSpan.FromSeconds(120))) throw new TimeoutException($"{tool} did not finish within 120 s");
            process.WaitForExit();
            process.ExitCode.Should().Be(0, $"{tool} {string.Join(' ', args)} failed:\n{stdout.Result}{stderr.Result}");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream));
    }
}
