using System.Text;
using RedoxBuild.Image.Disk;

namespace RedoxBuild.Tests.Image.Disk;

/// <summary>
/// A tree that exercises the writer: 8.3 and long names, lower case, sizes around cluster boundaries, an empty
/// file, zero runs inside a file, deep directories, and directories big enough to need cluster chains.
/// </summary>
public sealed class FatSample
{
    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public FatSample()
    {
        Files["EFI/BOOT/BOOTX64.EFI"] = DiskFixtures.RandomBytes(48_759, 1);
        Files["EFI/BOOT/A long file name with spaces.txt"] = "long names survive"u8.ToArray();
        Files["startup.nsh"] = "echo hi\r\n"u8.ToArray();
        var kernel = DiskFixtures.RandomBytes(300_000, 2);
        Array.Clear(kernel, 65_536, 140_000); // a zero run the writer may leave as a hole
        Files["kernel"] = kernel;
        Files["empty.txt"] = [];
        Files["one"] = [0x42];
        Files["EFI/redox/boot/deep/sector.bin"] = DiskFixtures.RandomBytes(512, 3);
        Files["EFI/redox/boot/deep/sector+1.bin"] = DiskFixtures.RandomBytes(513, 4);
        Files["EFI/redox/boot/deep/two-clusters.bin"] = DiskFixtures.RandomBytes(4096, 5);
        for (var i = 0; i < 60; i++) Files[$"many/file-{i:000}.dat"] = Encoding.ASCII.GetBytes($"file {i}\n");
        for (var i = 0; i < 40; i++) Files[$"ROOT{i:00}.TXT"] = Encoding.ASCII.GetBytes($"root {i}\n");
    }

    public FatDirectory Tree()
    {
        var builder = new FatTreeBuilder();
        foreach (var (path, bytes) in Files) builder.AddFile(path, bytes);
        return builder.Build();
    }

    public FatVolume Volume(long mib, FatType? type = null, ImageIdentity? identity = null) =>
        FatVolume.Create(new FatVolumeOptions(mib * DiskFixtures.MiB, identity ?? DiskFixtures.Identity) { Type = type }, Tree());

    /// <summary>Writes the volume alone into a (sparse) file for the tools.</summary>
    public static string WriteToFile(TempDir dir, FatVolume volume, string name = "esp.img")
    {
        var path = dir.File(name);
        using var stream = new FileStream(path, FileMode.CreateNew);
        volume.WriteTo(stream);
        return path;
    }
}
