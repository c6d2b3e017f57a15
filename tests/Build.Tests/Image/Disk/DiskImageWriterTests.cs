using System.Security.Cryptography;
using System.Text.Json;
using RedoxBuild.Image.Disk;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Image.Disk;

public class DiskImageWriterTests
{
    private const long MiB = DiskFixtures.MiB;
    private const long GptBytes = (34 + 33) * 512;

    /// <summary>A payload with random data around a long zero run, like a mostly empty RedoxFS image.</summary>
    private static byte[] Payload()
    {
        var payload = DiskFixtures.RandomBytes((int)(8 * MiB), 21);
        Array.Clear(payload, (int)MiB, (int)(6 * MiB));
        return payload;
    }

    private static DiskImageRequest Request(string output, ImageIdentity identity, string payloadPath, long diskMiB = 256)
    {
        var layout = RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(diskMiB * MiB, identity) { EfiPartitionSizeMiB = 40 });
        var esp = FatVolume.Create(FatVolumeOptions.ForPartition(layout.Partition(RedoxDiskLayout.EfiPartition), identity), new FatSample().Tree());
        return new DiskImageRequest(output, layout)
        {
            Contents = [new FatPartitionContent(2, esp), RawPartitionContent.FromFile(3, payloadPath)],
            FlushToDisk = false,
        };
    }

    private static string WritePayload(TempDir dir, byte[] payload)
    {
        var path = dir.File("redoxfs.img");
        File.WriteAllBytes(path, payload);
        return path;
    }

    [RequiresToolsFact("sgdisk", "mdir", "mcopy", "fsck.fat")]
    public void The_assembled_disk_holds_a_valid_GPT_a_clean_ESP_and_the_payload()
    {
        using var dir = new TempDir();
        var payload = Payload();
        var output = dir.File("harddrive.img");

        var result = DiskImageWriter.Write(Request(output, DiskFixtures.Identity, WritePayload(dir, payload)));

        GptReader.Read(output).Problems.Should().BeEmpty();
        Tool.Run("sgdisk", "-v", output).Stdout.Should().Contain("No problems found.");
        Tool.Run("mdir", "-i", $"{output}@@1M", "::/EFI/BOOT").Stdout.Should().MatchRegex(@"BOOTX64  EFI\s+48759");
        Tool.Run("mcopy", "-i", $"{output}@@1M", "::/kernel", dir.File("kernel")).ExitCode.Should().Be(0);
        File.ReadAllBytes(dir.File("kernel")).Should().Equal(new FatSample().Files["kernel"]);

        var esp = result.Partitions[1];
        using var disk = File.OpenRead(output);
        var espBytes = new byte[esp.SizeBytes];
        disk.Position = esp.OffsetBytes;
        disk.ReadExactly(espBytes);
        File.WriteAllBytes(dir.File("esp.img"), espBytes);
        Tool.Run("fsck.fat", "-n", dir.File("esp.img")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2);

        var redox = result.Partitions[2];
        var written = new byte[payload.Length + 4096];
        disk.Position = redox.OffsetBytes;
        disk.ReadExactly(written);
        written.AsSpan(0, payload.Length).SequenceEqual(payload).Should().BeTrue();
        written.AsSpan(payload.Length).ContainsAnyExcept((byte)0).Should().BeFalse("the rest of the partition is empty");
    }

    [RequiresToolsFact("stat")]
    public void The_image_is_sparse_zero_runs_and_free_space_take_no_blocks()
    {
        using var dir = new TempDir();
        var output = dir.File("harddrive.img");

        DiskImageWriter.Write(Request(output, DiskFixtures.Identity, WritePayload(dir, Payload()), diskMiB: 512));

        var blocks = long.Parse(Tool.Run("stat", "-c", "%b", output).Stdout.Trim()); // 512-byte units
        new FileInfo(output).Length.Should().Be(512 * MiB);
        // 2 MiB of random payload, ~380 KiB of ESP files, FAT heads and directories: well under 4 MiB of 512.
        (blocks * 512).Should().BeLessThan(4 * MiB, $"{blocks} blocks are allocated");
    }

    [Fact]
    public void Two_builds_from_the_same_inputs_are_byte_identical_and_other_seeds_differ()
    {
        using var dir = new TempDir();
        var payload = WritePayload(dir, Payload());
        string Build(string name, ImageIdentity id)
        {
            var path = dir.File(name);
            DiskImageWriter.Write(Request(path, id, payload));
            using var stream = File.OpenRead(path);
            return Convert.ToHexString(SHA256.HashData(stream));
        }

        var first = Build("a.img", DiskFixtures.Identity);
        var second = Build("b.img", DiskFixtures.Identity);
        var otherSeed = Build("c.img", DiskFixtures.Identity with { Seed = "sha256:another" });
        var otherEpoch = Build("d.img", DiskFixtures.Identity with { SourceDateEpoch = 1_800_000_000 });

        second.Should().Be(first);
        otherSeed.Should().NotBe(first);
        otherEpoch.Should().NotBe(first);
        var (a, c) = (GptReader.Read(dir.File("a.img")), GptReader.Read(dir.File("c.img")));
        c.ToLayout().DiskGuid.Should().NotBe(a.ToLayout().DiskGuid);
        c.Partitions.Select(p => p.UniqueGuid).Should().NotIntersectWith(a.Partitions.Select(p => p.UniqueGuid));
    }

    [Fact]
    public void Progress_rises_to_the_bytes_handled()
    {
        using var dir = new TempDir();
        var payload = Payload();
        var layout = RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(64 * MiB, DiskFixtures.Identity));
        var reports = new List<long>();

        DiskImageWriter.Write(new DiskImageRequest(dir.File("disk.img"), layout)
        {
            Contents = [RawPartitionContent.FromFile(3, WritePayload(dir, payload))], FlushToDisk = false,
        }, new SyncProgress(reports));

        reports.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        reports[0].Should().Be(GptBytes);
        reports[^1].Should().Be(GptBytes + payload.Length);
    }

    [Fact]
    public void The_layout_record_lists_offsets_GUIDs_and_contents_and_serialises_to_JSON()
    {
        using var dir = new TempDir();
        var request = Request(dir.File("disk.img"), DiskFixtures.Identity, WritePayload(dir, Payload()));

        var result = DiskImageWriter.Write(request);

        result.DiskGuid.Should().Be(request.Layout.DiskGuid);
        result.Partitions.Select(p => (p.Number, p.Content, p.OffsetBytes)).Should().Equal(
            (1, "empty", 34L * 512), (2, "fat32", MiB), (3, "raw", 41 * MiB));
        result.Partitions[1].FatVolumeId.Should().Be(((FatPartitionContent)request.Contents[0]).Volume.VolumeId);
        result.Partitions[2].ContentBytes.Should().Be(8 * MiB);
        var json = JsonSerializer.Serialize(result);
        json.Should().Contain($"\"UniqueGuid\":\"{request.Layout.Partition(2).UniqueGuid}\"").And.Contain("\"OffsetBytes\":42991616");
    }

    [Fact]
    public void A_payload_larger_than_its_partition_fails_and_leaves_the_old_image_and_no_temp_file()
    {
        using var dir = new TempDir();
        var output = dir.File("disk.img");
        File.WriteAllText(output, "previous image");
        var big = dir.File("big.img");
        using (var f = File.Create(big)) f.SetLength(62 * MiB);
        var layout = RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(64 * MiB, DiskFixtures.Identity));

        FluentActions.Invoking(() => DiskImageWriter.Write(new DiskImageRequest(output, layout) { Contents = [RawPartitionContent.FromFile(3, big)] }))
            .Should().Throw<DiskLayoutException>()
            .WithMessage($"'{big}' is at least 65011712 bytes but partition 3 \"REDOX\" holds 63963136 bytes (61 MiB); raise the disk size (filesystem_size) or shrink the payload.");
        File.ReadAllText(output).Should().Be("previous image");
        Directory.GetFiles(dir.Path).Should().BeEquivalentTo([output, big]);
    }

    [Fact]
    public void An_unseekable_payload_that_overflows_is_caught_while_copying()
    {
        using var dir = new TempDir();
        var layout = RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(64 * MiB, DiskFixtures.Identity));
        var content = new RawPartitionContent(3, () => new UnseekableStream(new MemoryStream(new byte[62 * MiB])), "pipe");

        FluentActions.Invoking(() => DiskImageWriter.Write(new DiskImageRequest(dir.File("disk.img"), layout) { Contents = [content] }))
            .Should().Throw<DiskLayoutException>().WithMessage("'pipe' is at least * bytes but partition 3 \"REDOX\" holds 63963136 bytes*");
        Directory.GetFiles(dir.Path).Should().BeEmpty();
    }

    [Fact]
    public void A_successful_write_replaces_an_existing_image()
    {
        using var dir = new TempDir();
        var output = dir.File("disk.img");
        File.WriteAllText(output, "previous image");

        DiskImageWriter.Write(new DiskImageRequest(output, RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(64 * MiB, DiskFixtures.Identity))));

        new FileInfo(output).Length.Should().Be(64 * MiB);
        GptReader.Read(output).IsValid.Should().BeTrue();
    }

    [Fact]
    public void Cancelling_removes_the_partial_file()
    {
        using var dir = new TempDir();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var layout = RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(64 * MiB, DiskFixtures.Identity));

        FluentActions.Invoking(() => DiskImageWriter.Write(new DiskImageRequest(dir.File("disk.img"), layout), null, cancel.Token))
            .Should().Throw<OperationCanceledException>();
        Directory.GetFiles(dir.Path).Should().BeEmpty();
    }

    [Fact]
    public void A_FAT_volume_larger_than_its_partition_is_refused()
    {
        using var dir = new TempDir();
        var layout = RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(64 * MiB, DiskFixtures.Identity));
        var esp = FatVolume.Create(new FatVolumeOptions(2 * MiB, DiskFixtures.Identity), new FatTreeBuilder().Build());

        FluentActions.Invoking(() => DiskImageWriter.Write(new DiskImageRequest(dir.File("disk.img"), layout) { Contents = [new FatPartitionContent(2, esp)] }))
            .Should().Throw<DiskLayoutException>().WithMessage("The FAT volume is 2097152 bytes but partition 2 \"EFI\" holds 1048576*FatVolumeOptions.ForPartition.");
    }

    [Fact]
    public void MBR_boot_code_from_the_request_is_written()
    {
        using var dir = new TempDir();
        var code = DiskFixtures.RandomBytes(440, 5);
        var layout = RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(64 * MiB, DiskFixtures.Identity));

        DiskImageWriter.Write(new DiskImageRequest(dir.File("disk.img"), layout) { MbrBootCode = code });

        File.ReadAllBytes(dir.File("disk.img"))[..440].Should().Equal(code);
        GptReader.Read(dir.File("disk.img")).IsValid.Should().BeTrue();
    }

    private sealed class SyncProgress(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }

    private sealed class UnseekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
    }
}
