using System.Text;
using RedoxBuild.Image.Disk;

namespace RedoxBuild.Tests.Image.Disk;

public class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("abc", 0x352441C2u)]
    [InlineData("123456789", 0xCBF43926u)] // the CRC-32/ISO-HDLC check value
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Known_strings_give_the_published_CRC32(string text, uint expected) =>
        Crc32.Compute(Encoding.ASCII.GetBytes(text)).Should().Be(expected);

    [Fact]
    public void Thirty_two_zero_bytes_give_the_value_zlib_computes() =>
        Crc32.Compute(new byte[32]).Should().Be(0x190A55ADu); // python3 -c "import zlib; print(hex(zlib.crc32(bytes(32))))"

    [Fact]
    public void Feeding_pieces_gives_the_same_value_as_one_call()
    {
        // Arrange: odd sizes cross the 8-byte slicing boundary at every offset
        var data = DiskFixtures.RandomBytes(100_003, 7);

        // Act
        var state = Crc32.Start;
        for (var pos = 0; pos < data.Length; pos += 13) state = Crc32.Append(state, data.AsSpan(pos, Math.Min(13, data.Length - pos)));

        // Assert
        Crc32.Finish(state).Should().Be(Crc32.Compute(data));
    }

    [Fact]
    public void The_slicing_implementation_matches_a_bitwise_reference()
    {
        var data = DiskFixtures.RandomBytes(4099, 11);
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        Crc32.Compute(data).Should().Be(~crc);
    }
}
