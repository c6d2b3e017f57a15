using System.Text;

namespace RedoxBuild.Cache.Archive;

/// <summary>What an archive entry is. The byte values are part of the format.</summary>
public enum ArchiveEntryKind : byte { End = 0, Directory = 1, File = 2, Symlink = 3 }

/// <summary>The archive's digest and size, and the digest of its listing (everything but file contents).</summary>
public sealed record ArchiveSummary(string Sha256, long Size, string FileListSha256, int FileCount);

/// <summary>An archive that is damaged, not canonical, or would write outside its destination.</summary>
public sealed class ArchiveFormatException(string message) : Exception(message);

/// <summary>
/// The output archive format ("RDXOAR01"), NAR-like but flat and with full permission bits:
///   magic, then entries in canonical order (pre-order, siblings sorted by the bytes of their UTF-8 names):
///     u8 kind, u32 mode (0..07777), u32 path length, path (UTF-8, '/'-separated, empty for the root directory),
///     then for a file u64 size and the bytes, for a symlink u32 length and the target;
///   then u8 End and u64 entry count. All integers little-endian.
/// There are no timestamps, owners or hard links, so equal trees give byte-equal archives and the SHA-256 of
/// the archive identifies the tree.
/// </summary>
public static class ArchiveFormat
{
    public static ReadOnlySpan<byte> Magic => "RDXOAR01"u8;

    /// <summary>Permission bits kept: rwx for user, group, other, plus setuid, setgid and sticky (Redox uses setuid binaries).</summary>
    public const uint ModeMask = 0b111_111_111_111; // 07777

    /// <summary>Symlinks carry no mode of their own on Linux; the format records 0777 so their bytes stay canonical.</summary>
    public const uint SymlinkMode = 0b111_111_111; // 0777

    public const int MaxNameBytes = 255, MaxPathBytes = 4096, MaxLinkTargetBytes = 4096;

    /// <summary>Why a single path component cannot be archived or extracted, or null when it can.</summary>
    public static string? NameProblem(ReadOnlySpan<byte> name)
    {
        if (name.Length == 0) return "an empty name";
        if (name.Length > MaxNameBytes) return $"a name longer than {MaxNameBytes} bytes";
        if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8)) return $"a '{Encoding.UTF8.GetString(name)}' component";
        if (name.IndexOf((byte)'/') >= 0) return "a '/' inside a name";
        if (name.IndexOf((byte)0) >= 0) return "a NUL byte";
        return null;
    }

    /// <summary>
    /// Why a symlink target is refused, or null. Targets must stay inside the tree: absolute targets and relative
    /// ones that climb above the root would point wherever the tree is extracted, outside the destination.
    /// </summary>
    public static string? SymlinkTargetProblem(string linkPath, string target)
    {
        if (target.Length == 0) return "an empty target";
        if (Encoding.UTF8.GetByteCount(target) > MaxLinkTargetBytes) return $"a target longer than {MaxLinkTargetBytes} bytes";
        if (target.Contains('\0')) return "a NUL byte in the target";
        if (target.StartsWith('/')) return $"an absolute target '{target}' (make it relative, e.g. ln -sr)";

        // Walk the target from the link's directory, lexically: the depth may never go below the root.
        var depth = linkPath.Count(c => c == '/');
        foreach (var part in target.Split('/'))
        {
            if (part is "" or ".") continue;
            depth += part == ".." ? -1 : 1;
            if (depth < 0) return $"a target '{target}' that climbs out of the tree";
        }
        return null;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
