using System.Text;

namespace RedoxBuild.Cache.Archive;

/// <summary>The digest and size an archive must have, from its signed cache entry.</summary>
public sealed record ArchiveExpectation(string Sha256, long Size);

/// <summary>
/// Extracts an archive into a fresh directory. Everything is written into a hidden sibling first and renamed into
/// place only after the whole archive was read and its digest matched, so a reader never sees half an output.
/// The canonical order is enforced while reading: an entry must sit directly in a directory entry that came
/// before it, which rules out "..", absolute paths, duplicates and writing through a symlink; symlink targets
/// must stay inside the tree.
/// </summary>
public static class OutputArchiveExtractor
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<ArchiveSummary> ExtractAsync(Stream input, string destination, ArchiveExpectation? expected, CancellationToken cancellationToken = default)
    {
        destination = Path.GetFullPath(destination);
        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any())
            throw new IOException($"Cannot restore into {destination}: it is not empty.");
        var parent = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(destination)}.partial-{Guid.NewGuid():N}");
        try
        {
            var summary = await ExtractIntoAsync(input, staging, expected, cancellationToken);
            if (Directory.Exists(destination)) Directory.Delete(destination);
            Directory.Move(staging, destination);
            return summary;
        }
        catch
        {
            TreeDeletion.Delete(staging);
            throw;
        }
    }

    private static async Task<ArchiveSummary> ExtractIntoAsync(Stream stream, string staging, ArchiveExpectation? expected, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Build outputs carry Unix modes; the binary cache needs Linux or macOS.");
        await using var input = new ArchiveInput(stream, expected?.Size);
        if (!(await input.ReadBytesAsync(ArchiveFormat.Magic.Length, cancellationToken)).AsSpan().SequenceEqual(ArchiveFormat.Magic))
            throw new ArchiveFormatException("This is not an output archive (bad magic bytes).");

        var listing = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var open = new List<(byte[] Path, byte[]? LastChild)>();
        var directoryModes = new List<(string Path, uint Mode)>();
        var buffer = new byte[1 << 20];
        long entries = 0;
        var files = 0;

        while (true)
        {
            var headerStart = input.Position;
            var kind = (ArchiveEntryKind)await input.ReadByteAsync(cancellationToken);
            if (kind == ArchiveEntryKind.End)
            {
                var count = await input.ReadUInt64Async(cancellationToken);
                listing.AppendData([(byte)kind]);
                listing.AppendData(BitConverter.GetBytes(count));
                if (count != (ulong)entries || entries == 0) throw new ArchiveFormatException($"The archive's entry count {count} does not match the {entries} entries read.");
                if (!await input.AtEndAsync(cancellationToken)) throw new ArchiveFormatException("The archive has bytes after its end marker.");
                break;
            }
            if (kind is not (ArchiveEntryKind.Directory or ArchiveEntryKind.File or ArchiveEntryKind.Symlink))
                throw new ArchiveFormatException($"Unknown entry kind {(byte)kind} at byte {headerStart}.");

            var mode = await input.ReadUInt32Async(cancellationToken);
            var pathLength = await input.ReadUInt32Async(cancellationToken);
            if (pathLength > ArchiveFormat.MaxPathBytes) throw new ArchiveFormatException($"An entry path at byte {headerStart} is longer than {ArchiveFormat.MaxPathBytes} bytes.");
            var pathBytes = await input.ReadBytesAsync((int)pathLength, cancellationToken);
            var path = Decode(pathBytes, "path");
            AppendHeader(listing, kind, mode, pathBytes);
            CheckMode(kind, mode, path);

            if (entries++ == 0)
            {
                if (kind != ArchiveEntryKind.Directory || pathBytes.Length != 0) throw new ArchiveFormatException("The archive does not start with its root directory.");
                Directory.CreateDirectory(staging);
                open.Add((pathBytes, null));
                directoryModes.Add((staging, mode));
                continue;
            }

            PlaceInTree(open, pathBytes, path);
            var full = Path.Combine(staging, path);
            switch (kind)
            {
                case ArchiveEntryKind.Directory:
                    Directory.CreateDirectory(full);
                    open.Add((pathBytes, null));
                    directoryModes.Add((full, mode));
                    break;
                case ArchiveEntryKind.Symlink:
                    var targetLength = await input.ReadUInt32Async(cancellationToken);
                    if (targetLength > ArchiveFormat.MaxLinkTargetBytes) throw new ArchiveFormatException($"The symlink {path} has a target longer than {ArchiveFormat.MaxLinkTargetBytes} bytes.");
                    var targetBytes = await input.ReadBytesAsync((int)targetLength, cancellationToken);
                    listing.AppendData(BitConverter.GetBytes(targetLength));
                    listing.AppendData(targetBytes);
                    var target = Decode(targetBytes, "symlink target");
                    if (ArchiveFormat.SymlinkTargetProblem(path, target) is { } problem) throw new ArchiveFormatException($"Refusing the symlink {path}: it has {problem}.");
                    File.CreateSymbolicLink(full, target);
                    files++;
                    break;
                default:
                    var size = await input.ReadUInt64Async(cancellationToken);
                    listing.AppendData(BitConverter.GetBytes(size));
                    if (size > long.MaxValue) throw new ArchiveFormatException($"The file {path} claims an impossible size.");
                    var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
                    await using (var file = new FileStream(full, options))
                        await input.CopyToAsync(file, (long)size, buffer, cancellationToken);
                    File.SetUnixFileMode(full, (UnixFileMode)mode);
                    files++;
                    break;
            }
        }

        var summary = new ArchiveSummary(input.CurrentSha256(), input.Position, Convert.ToHexStringLower(listing.GetHashAndReset()), files);
        if (expected is not null && (summary.Sha256 != expected.Sha256 || summary.Size != expected.Size))
            throw new ArchiveFormatException($"The archive's SHA-256 is {summary.Sha256} ({summary.Size} bytes) but the entry records {expected.Sha256} ({expected.Size} bytes).");

        // Directory modes last, deepest first: a read-only directory must not stop its own contents being written.
        for (var i = directoryModes.Count - 1; i >= 0; i--) File.SetUnixFileMode(directoryModes[i].Path, (UnixFileMode)directoryModes[i].Mode);
        return summary;
    }

    /// <summary>Checks that the entry sits directly inside an open directory and after its previous sibling.</summary>
    private static void PlaceInTree(List<(byte[] Path, byte[]? LastChild)> open, byte[] pathBytes, string path)
    {
        foreach (var component in path.Split('/'))
            if (ArchiveFormat.NameProblem(Encoding.UTF8.GetBytes(component)) is { } problem)
                throw new ArchiveFormatException($"Refusing the entry '{path}': it has {problem}.");
        var slash = Array.LastIndexOf(pathBytes, (byte)'/');
        var parent = slash < 0 ? [] : pathBytes[..slash];
        var name = pathBytes[(slash + 1)..];

        while (open.Count > 0 && !open[^1].Path.AsSpan().SequenceEqual(parent)) open.RemoveAt(open.Count - 1);
        if (open.Count == 0)
            throw new ArchiveFormatException($"Refusing the entry '{path}': it is not inside a directory listed before it (it would land outside the tree or under a symlink or file).");
        if (open[^1].LastChild is { } previous && name.AsSpan().SequenceCompareTo(previous) <= 0)
            throw new ArchiveFormatException($"Refusing the entry '{path}': entries are duplicated or out of canonical order.");
        open[^1] = (open[^1].Path, name);
    }

    private static void CheckMode(ArchiveEntryKind kind, uint mode, string path)
    {
        var valid = kind == ArchiveEntryKind.Symlink ? mode == ArchiveFormat.SymlinkMode : (mode & ~ArchiveFormat.ModeMask) == 0;
        if (!valid) throw new ArchiveFormatException($"The entry '{path}' has an invalid mode {Convert.ToString(mode, 8)}.");
    }

    private static void AppendHeader(System.Security.Cryptography.IncrementalHash listing, ArchiveEntryKind kind, uint mode, byte[] path)
    {
        listing.AppendData([(byte)kind]);
        listing.AppendData(BitConverter.GetBytes(mode));
        listing.AppendData(BitConverter.GetBytes((uint)path.Length));
        listing.AppendData(path);
    }

    private static string Decode(byte[] bytes, string what)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new ArchiveFormatException($"An entry {what} is not valid UTF-8.");
        }
    }
}
