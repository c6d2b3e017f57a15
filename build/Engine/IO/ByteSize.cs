using System.Globalization;
using System.Text.RegularExpressions;

namespace RedoxBuild.Engine;

/// <summary>
/// A size as people type it for VMs and images: "2048M", "2G", "512MiB", "1.5G", "4096" (bytes). Suffixes are binary
/// (K = 1024), as Cloud Hypervisor and QEMU read them. Renders back in the largest whole unit ("2G", "1536M").
/// </summary>
public readonly partial record struct ByteSize(long Bytes) : IComparable<ByteSize>
{
    public const long KiB = 1024, MiB = KiB * 1024, GiB = MiB * 1024, TiB = GiB * 1024;

    public static ByteSize FromMiB(long mib) => new(checked(mib * MiB));

    public long WholeMiB => Bytes / MiB;

    public static bool TryParse(string? text, out ByteSize size)
    {
        size = default;
        if (text is null) return false;
        var m = SizePattern().Match(text.Trim());
        if (!m.Success) return false;
        var number = decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = m.Groups["u"].Value.ToUpperInvariant() switch
        {
            "" or "B" => 1L,
            "K" => KiB,
            "M" => MiB,
            "G" => GiB,
            "T" => TiB,
            _ => 0L,
        };
        var bytes = number * unit;
        if (unit == 0 || bytes != decimal.Truncate(bytes) || bytes > long.MaxValue) return false;
        size = new ByteSize((long)bytes);
        return true;
    }

    public static ByteSize Parse(string text) =>
        TryParse(text, out var size) ? size : throw new FormatException($"'{text}' is not a size; use a number with an optional K, M, G or T suffix, e.g. 2048M or 2G.");

    public int CompareTo(ByteSize other) => Bytes.CompareTo(other.Bytes);

    public static bool operator <(ByteSize left, ByteSize right) => left.Bytes < right.Bytes;
    public static bool operator >(ByteSize left, ByteSize right) => left.Bytes > right.Bytes;
    public static bool operator <=(ByteSize left, ByteSize right) => left.Bytes <= right.Bytes;
    public static bool operator >=(ByteSize left, ByteSize right) => left.Bytes >= right.Bytes;

    public override string ToString() =>
        Bytes != 0 && Bytes % TiB == 0 ? $"{Bytes / TiB}T"
        : Bytes != 0 && Bytes % GiB == 0 ? $"{Bytes / GiB}G"
        : Bytes != 0 && Bytes % MiB == 0 ? $"{Bytes / MiB}M"
        : Bytes != 0 && Bytes % KiB == 0 ? $"{Bytes / KiB}K"
        : Bytes.ToString(CultureInfo.InvariantCulture);

    /// <summary>Human-friendly with one decimal ("1.5 GiB"), for reports.</summary>
    public string ToHumanString() =>
        Bytes >= GiB ? $"{Bytes / (double)GiB:0.#} GiB" : Bytes >= MiB ? $"{Bytes / (double)MiB:0.#} MiB" : Bytes >= KiB ? $"{Bytes / (double)KiB:0.#} KiB" : $"{Bytes} B";

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<u>[KkMmGgTtBb]?)(i?[Bb])?$")]
    private static partial Regex SizePattern();
}
