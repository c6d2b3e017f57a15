using RedoxBuild.Image.Disk;

namespace RedoxBuild.Tests.Image.Disk;

public class DosTimestampTests
{
    [Fact]
    public void An_instant_is_encoded_as_date_time_and_odd_second()
    {
        // 2023-11-14 22:13:21 UTC
        var stamp = DosTimestamp.FromSourceDateEpoch(1_700_000_001);

        stamp.Date.Should().Be((ushort)((2023 - 1980) << 9 | 11 << 5 | 14));
        stamp.Time.Should().Be((ushort)(22 << 11 | 13 << 5 | 21 / 2));
        stamp.Centiseconds.Should().Be(100, "the odd second lives in the creation-time hundredths");
        stamp.ToDateTime().Should().Be(new DateTime(2023, 11, 14, 22, 13, 21, DateTimeKind.Utc));
    }

    [Fact]
    public void Epochs_before_1980_clamp_to_the_first_FAT_date()
    {
        var stamp = DosTimestamp.FromSourceDateEpoch(1); // what nix-redox sets

        stamp.ToDateTime().Should().Be(new DateTime(1980, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        stamp.Date.Should().Be(0x0021);
        stamp.Time.Should().Be(0);
    }

    [Fact]
    public void Instants_after_2107_clamp_to_the_last_FAT_second()
    {
        var stamp = DosTimestamp.From(new DateTimeOffset(2200, 6, 1, 0, 0, 0, TimeSpan.Zero));

        stamp.ToDateTime().Should().Be(new DateTime(2107, 12, 31, 23, 59, 59, DateTimeKind.Utc));
    }
}
