using System.Text;

namespace RedoxBuild.Image.Disk;

/// <summary>
/// FAT file names: validation of long names, 8.3 short names (upper case, "~N" tails when the long name does not
/// survive as 8.3) and VFAT long-name entries with their short-name checksum (Microsoft FAT spec, section 7).
/// </summary>
internal static class FatNames
{
    public const int MaxLongNameLength = 255;
    private const string ShortSpecials = "!#$%&'()-@^_`{}~";
    private const string LongOnlyChars = "+,;=[] ";
    private const string ForbiddenChars = "\"*/:<>?\\|";

    /// <summary>Null when <paramref name="name"/> can be a FAT long name, else why not.</summary>
    public static string? LongNameProblem(string name)
    {
        if (name.Length == 0) return "the name is empty";
        if (name is "." or "..") return "'.' and '..' are reserved directory entries";
        if (name.Length > MaxLongNameLength) return $"the name has {name.Length} UTF-16 code units; FAT long names hold at most {MaxLongNameLength}";
        foreach (var c in name)
        {
            if (c < 0x20 || c == 0x7F) return $"it contains the control character U+{(int)c:X4}";
            if (ForbiddenChars.Contains(c)) return $"it contains '{c}', which FAT names cannot hold";
        }
        if (name[^1] is '.' or ' ') return "it ends with a dot or a space, which FAT drivers strip";
        return null;
    }

    /// <summary>
    /// The 11-byte short name for <paramref name="longName"/> and whether long-name entries must precede it.
    /// A name already in upper-case 8.3 form is stored as is; a name that differs only in case keeps its letters
    /// (e.g. startup.nsh → STARTUP.NSH + long name); anything else gets a numeric tail that is not in <paramref name="taken"/>.
    /// </summary>
    public static (byte[] ShortName, bool NeedsLongName) ShortNameFor(string longName, ISet<string> taken)
    {
        var upper = longName.ToUpperInvariant();
        var (basis, extension, lossy) = Basis(longName);
        var exact = !lossy && basis.Length is >= 1 and <= 8 && extension.Length <= 3;
        if (exact)
        {
            var key = Pack(basis, extension);
            var pure = upper == longName && (extension.Length == 0 ? basis : $"{basis}.{extension}") == longName;
            if (!taken.Contains(ToKey(key))) return (key, !pure);
        }
        for (var n = 1; n <= 999_999; n++)
        {
            var tail = $"~{n}";
            var head = basis.Length == 0 ? "_" : basis[..Math.Min(basis.Length, 8 - tail.Length)];
            var candidate = Pack(head + tail, extension.Length > 3 ? extension[..3] : extension);
            if (!taken.Contains(ToKey(candidate))) return (candidate, true);
        }
        throw new DiskLayoutException($"No free short name for '{longName}': 999999 names with the same 8.3 stem exist in one directory.");
    }

    /// <summary>
    /// The NT case flags (byte 12 of a short entry: 0x08 lower-case stem, 0x10 lower-case extension) that let readers
    /// which ignore long names still show "startup.nsh" in lower case, as Windows and mtools write it. Only for names
    /// whose short form is exact apart from case; a part in mixed case gets no flag (its long name carries it).
    /// </summary>
    public static byte CaseFlags(string longName, byte[] shortName)
    {
        var (basis, extension, lossy) = Basis(longName);
        if (lossy || basis.Length > 8 || extension.Length > 3 || !shortName.AsSpan().SequenceEqual(Pack(basis, extension))) return 0;
        var dot = longName.LastIndexOf('.');
        var stem = dot < 0 ? longName : longName[..dot];
        var ext = dot < 0 ? "" : longName[(dot + 1)..];
        static bool Lower(string s) => s.Any(char.IsAsciiLetterLower) && !s.Any(char.IsAsciiLetterUpper);
        return (byte)((Lower(stem) ? 0x08 : 0) | (Lower(ext) ? 0x10 : 0));
    }

    /// <summary>True when <paramref name="name"/> is a plain upper-case 8.3 name (no long-name entry needed).</summary>
    public static bool IsPlainShortName(string name)
    {
        var (basis, extension, lossy) = Basis(name);
        return !lossy && basis.Length is >= 1 and <= 8 && extension.Length <= 3
               && (extension.Length == 0 ? basis : $"{basis}.{extension}") == name;
    }

    public static string ToKey(byte[] shortName) => Encoding.ASCII.GetString(shortName);

    /// <summary>The checksum of a short name that every long-name entry carries (rotate right, add).</summary>
    public static byte Checksum(ReadOnlySpan<byte> shortName)
    {
        byte sum = 0;
        foreach (var b in shortName[..11]) sum = (byte)(((sum & 1) << 7) + (sum >> 1) + b);
        return sum;
    }

    /// <summary>The long-name entries in on-disk order (highest sequence number, flagged 0x40, first).</summary>
    public static List<byte[]> LongNameEntries(string longName, byte checksum)
    {
        var count = (longName.Length + 12) / 13;
        var units = new ushort[count * 13];
        Array.Fill(units, (ushort)0xFFFF);
        for (var i = 0; i < longName.Length; i++) units[i] = longName[i];
        if (longName.Length < units.Length) units[longName.Length] = 0x0000;

        var entries = new List<byte[]>(count);
        for (var seq = count; seq >= 1; seq--)
        {
            var e = new byte[32];
            e[0] = (byte)(seq | (seq == count ? 0x40 : 0));
            e[11] = 0x0F;  // attribute combination no DOS tool treats as a real file
            e[13] = checksum;
            var part = units.AsSpan((seq - 1) * 13, 13);
            for (var i = 0; i < 13; i++)
            {
                var offset = i < 5 ? 1 + i * 2 : i < 11 ? 14 + (i - 5) * 2 : 28 + (i - 11) * 2;
                e[offset] = (byte)part[i];
                e[offset + 1] = (byte)(part[i] >> 8);
            }
            entries.Add(e);
        }
        return entries;
    }

    // The "basis name" of the FAT spec's short-name algorithm: upper case, spaces and leading dots dropped, the
    // last dot separating the extension, characters a short name cannot hold replaced by '_'.
    private static (string Basis, string Extension, bool Lossy) Basis(string name)
    {
        var lossy = false;
        var trimmed = name.Replace(" ", "");
        if (trimmed.Length != name.Length) lossy = true;
        var withoutLeadingDots = trimmed.TrimStart('.');
        if (withoutLeadingDots.Length != trimmed.Length) lossy = true;
        var dot = withoutLeadingDots.LastIndexOf('.');
        var stem = dot < 0 ? withoutLeadingDots : withoutLeadingDots[..dot];
        var extension = dot < 0 ? "" : withoutLeadingDots[(dot + 1)..];
        if (stem.Contains('.')) { stem = stem.Replace(".", ""); lossy = true; }

        string Map(string s)
        {
            var sb = new StringBuilder(s.Length);
            foreach (var c in s.ToUpperInvariant())
            {
                var ok = c is >= 'A' and <= 'Z' or >= '0' and <= '9' || ShortSpecials.Contains(c);
                if (!ok) lossy = true;
                sb.Append(ok ? c : '_');
            }
            return sb.ToString();
        }
        var basis = Map(stem);
        var ext = Map(extension);
        if (basis.Length > 8 || ext.Length > 3) lossy = true;
        if (LongOnlyChars.Any(name.Contains)) lossy = true;
        return (basis, ext, lossy);
    }

    private static byte[] Pack(string basis, string extension)
    {
        var bytes = Encoding.ASCII.GetBytes(basis.PadRight(8)[..8] + extension.PadRight(3)[..3]);
        return bytes;
    }
}
