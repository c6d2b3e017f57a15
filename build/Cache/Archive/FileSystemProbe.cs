using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace RedoxBuild.Cache.Archive;

/// <summary>The type and permission bits of a path, without following a final symlink.</summary>
public readonly record struct FileStatus(ArchiveEntryKind Kind, uint Mode, long Size, string? Unsupported);

/// <summary>
/// lstat for the archive writer. .NET cannot tell a FIFO, socket or device from a regular file, and opening a FIFO
/// would block forever, so on Linux this asks statx(2) directly (its struct layout is the same on every
/// architecture, unlike struct stat). Elsewhere it falls back to what .NET can see.
/// </summary>
internal static class FileSystemProbe
{
    private const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1, StatxMode = 0x2, StatxSize = 0x200;
    private const int StatxBufferSize = 256, ModeOffset = 28, SizeOffset = 40;

    [DllImport("libc", SetLastError = true, EntryPoint = "statx")]
    private static extern int Statx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    public static FileStatus Lstat(string path) => OperatingSystem.IsLinux() ? LinuxLstat(path) : PortableLstat(path);

    private static FileStatus LinuxLstat(string path)
    {
        var buffer = new byte[StatxBufferSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxMode | StatxSize, buffer) != 0)
            throw new IOException($"Cannot stat {path}: errno {Marshal.GetLastPInvokeError()}.");
        uint mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(ModeOffset));
        var size = (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(SizeOffset));
        var permissions = mode & ArchiveFormat.ModeMask;
        return (mode & 0xF000) switch
        {
            0x8000 => new(ArchiveEntryKind.File, permissions, size, null),
            0x4000 => new(ArchiveEntryKind.Directory, permissions, 0, null),
            0xA000 => new(ArchiveEntryKind.Symlink, ArchiveFormat.SymlinkMode, 0, null),
            0x1000 => new(ArchiveEntryKind.End, 0, 0, "a FIFO"),
            0xC000 => new(ArchiveEntryKind.End, 0, 0, "a socket"),
            0x2000 => new(ArchiveEntryKind.End, 0, 0, "a character device"),
            0x6000 => new(ArchiveEntryKind.End, 0, 0, "a block device"),
            var other => new(ArchiveEntryKind.End, 0, 0, $"an unknown file type 0x{other:x}"),
        };
    }

    private static FileStatus PortableLstat(string path)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Build outputs carry Unix modes; the binary cache needs Linux or macOS.");
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return new(ArchiveEntryKind.Symlink, ArchiveFormat.SymlinkMode, 0, null);
        if (Directory.Exists(path)) return new(ArchiveEntryKind.Directory, (uint)File.GetUnixFileMode(path) & ArchiveFormat.ModeMask, 0, null);
        return new(ArchiveEntryKind.File, (uint)File.GetUnixFileMode(path) & ArchiveFormat.ModeMask, info.Length, null);
    }
}
