using System.Buffers.Binary;
using RedoxBuild.Image.Disk;

namespace RedoxBuild.Tests.Image.Disk;

public class GptWriterTests
{
    private static GptLayout Upstream(long mib = 64) =>
        RedoxDiskLayout.Create(new RedoxDiskLayoutOptions(mib * DiskFixtures.MiB, DiskFixtures.Identity));

    private static MemoryStream Disk(GptLayout layout)
    {
        var stream = new MemoryStream();
        stream.SetLength(layout.DiskSizeBytes);
        GptWriter.WriteTo(stream, layout);
        return stream;
    }

    [Fact]
    public void What_is_written_reads_back_as_the_same_layout_with_valid_CRCs()
    {
        var layout = Upstream();

        var disk = GptReader.Read(Disk(layout));

        disk.Problems.Should().BeEmpty();
        disk.Primary!.HeaderCrcValid.Should().BeTrue();
        disk.Backup!.EntriesCrcValid.Should().BeTrue();
        disk.Backup.MyLba.Should().Be(layout.DiskSectors - 1);
        disk.Backup.EntriesLba.Should().Be(layout.DiskSectors - 33);
        disk.ToLayout().DiskGuid.Should().Be(layout.DiskGuid);
        disk.Partitions.Should().BeEquivalentTo(layout.Partitions, o => o.Excluding(p => p.AlignmentSectors));
    }

    [Fact]
    public void The_protective_MBR_covers_the_disk_from_LBA_1()
    {
        var mbr = GptWriter.BuildPrimaryRegion(Upstream())[..512];

        mbr[446 + 4].Should().Be(0xEE);
        BinaryPrimitives.ReadUInt32LittleEndian(mbr.AsSpan(446 + 8)).Should().Be(1u);
        BinaryPrimitives.ReadUInt32LittleEndian(mbr.AsSpan(446 + 12)).Should().Be(131071u);
        mbr[510..].Should().Equal(0x55, 0xAA);
        mbr.AsSpan(462, 48).ToArray().Should().OnlyContain(b => b == 0, "the other three MBR entries are unused");
    }

    [Fact]
    public void On_a_disk_beyond_2_TiB_the_protective_MBR_size_is_capped_at_32_bits()
    {
        var layout = new GptLayout(1L << 33, Guid.NewGuid(), []); // 4 TiB; only the first 34 sectors are built

        var mbr = GptWriter.BuildPrimaryRegion(layout)[..512];

        BinaryPrimitives.ReadUInt32LittleEndian(mbr.AsSpan(446 + 12)).Should().Be(0xFFFFFFFFu);
    }

    [Fact]
    public void Names_are_UTF16LE_and_GUIDs_are_mixed_endian_in_the_entry()
    {
        var layout = Upstream();
        var entry = GptWriter.BuildPrimaryRegion(layout).AsSpan(2 * 512 + 128, 128).ToArray(); // entry 2

        Convert.ToHexString(entry[..16]).Should().Be("28732AC11FF8D211BA4B00A0C93EC93B");
        new Guid(entry[16..32]).Should().Be(layout.Partition(2).UniqueGuid);
        entry[56..64].Should().Equal((byte)'E', 0, (byte)'F', 0, (byte)'I', 0, 0, 0);
    }

    [Fact]
    public void MBR_boot_code_lands_before_the_partition_table()
    {
        var code = DiskFixtures.RandomBytes(440, 3);

        var mbr = GptWriter.BuildPrimaryRegion(Upstream(), code)[..512];

        mbr[..440].Should().Equal(code);
        mbr[446 + 4].Should().Be(0xEE);
    }

    [Fact]
    public void Boot_code_longer_than_440_bytes_is_rejected() =>
        FluentActions.Invoking(() => GptWriter.BuildPrimaryRegion(Upstream(), new byte[441]))
            .Should().Throw<DiskLayoutException>().WithMessage("The MBR boot code is 441 bytes; only 440 fit*");

    [Theory]
    [InlineData(512 + 20, "The primary header CRC32 at LBA 1 is wrong*")]        // a header field
    [InlineData(2 * 512 + 128 + 60, "The primary partition entry array CRC32*")]  // a name byte of entry 2
    public void A_flipped_byte_in_the_primary_GPT_is_reported(long offset, string problem)
    {
        var stream = Disk(Upstream());
        stream.GetBuffer()[offset] ^= 0x01;

        GptReader.Read(stream).Problems.Should().ContainMatch(problem);
    }

    [Fact]
    public void A_damaged_backup_header_is_reported()
    {
        var layout = Upstream();
        var stream = Disk(layout);
        stream.GetBuffer()[(layout.DiskSectors - 1) * 512 + 40] ^= 0x80;

        GptReader.Read(stream).Problems.Should().ContainMatch($"The backup header CRC32 at LBA {layout.DiskSectors - 1} is wrong*");
    }

    [Fact]
    public void A_disk_without_a_GPT_says_so()
    {
        var stream = new MemoryStream(new byte[1024 * 1024]);

        GptReader.Read(stream).Problems.Should().Contain("No \"EFI PART\" signature in the primary header at LBA 1.");
    }
}
