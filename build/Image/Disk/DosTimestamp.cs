namespace RedoxBuild.Image.Disk;

/// <summary>
/// A FAT directory-entry timestamp: date (years since 1980, month, day), time (hours, minutes, 2-second units) and
/// the creation-time 10 ms field that carries the odd second. FAT cannot express anything outside
/// 1980-01-01..2107-12-31 23:59:59, so instants outside are clamped (SOURCE_DATE_EPOCH=1, as nix-redox uses, becomes 1980-01-01).
/// </summary>
public readonly record struct DosTimestamp(ushort Date, ushort Time, byte Centiseconds)
{
    private static readonly DateTime Earliest = new(1980, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Latest = new(2107, 12, 31, 23, 59, 59, DateTimeKind.Utc);

    /// <summary>Encodes an instant as UTC wall time (FAT has no zone; UTC keeps builds host-independent).</summary>
    public static DosTimestamp From(DateTimeOffset instant)
    {
        var t = instant.UtcDateTime;
        if (t < Earliest) t = Earliest;
        if (t > Latest) t = Latest;
        var date = (ushort)(((t.Year - 1980) << 9) | (t.Month << 5) | t.Day);
        var time = (ushort)((t.Hour << 11) | (t.Minute << 5) | (t.Second / 2));
        return new DosTimestamp(date, time, (byte)(t.Second % 2 * 100));
    }

    public static DosTimestamp FromSourceDateEpoch(long seconds) => From(DateTimeOffset.FromUnixTimeSeconds(seconds));

    /// <summary>The instant this timestamp denotes, read as UTC.</summary>
    public DateTime ToDateTime() => new DateTime(1980 + (Date >> 9), (Date >> 5) & 0x0F, Date & 0x1F,
        Time >> 11, (Time >> 5) & 0x3F, (Time & 0x1F) * 2, DateTimeKind.Utc).AddSeconds(Centiseconds / 100);
}
