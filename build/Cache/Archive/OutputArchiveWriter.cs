using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RedoxBuild.Cache.Archive;

/// <summary>Writes a stage directory as a canonical archive (see <see cref="ArchiveFormat"/>).</summary>
public static class OutputArchiveWriter
{
    private const int CopyBufferSize = 1 << 20;

    public static async Task<ArchiveSummary> WriteAsync(string stageDirectory, Stream output, CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(stageDirectory);
        var rootStatus = FileSystemProbe.Lstat(root);
        if (rootStatus.Kind != ArchiveEntryKind.Directory)
            throw new ArchiveFormatException($"The stage directory {root} is not a directory (a symlink or file cannot be an output root).");

        await using var hashing = new HashingStream(output, leaveOpen: true);
        var buffered = new BufferedStream(hashing, 64 * 1024);
        buffered.Write(ArchiveFormat.Magic);
        var sink = new Sink(buffered);
        sink.Header(ArchiveEntryKind.Directory, rootStatus.Mode, []);
        await WriteChildrenAsync(sink, root, "", cancellationToken);
        await sink.FinishAsync(cancellationToken);
        return new ArchiveSummary(hashing.CurrentHex(), hashing.BytesHashed, sink.ListingHex(), sink.FileCount);
    }

    private static async Task WriteChildrenAsync(Sink sink, string directory, string relative, CancellationToken cancellationToken)
    {
        foreach (var (name, nameBytes) in SortedChildren(directory, relative))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var full = Path.Combine(directory, name);
            var path = relative.Length == 0 ? name : relative + "/" + name;
            var pathBytes = Encoding.UTF8.GetBytes(path);
            if (pathBytes.Length > ArchiveFormat.MaxPathBytes) throw new ArchiveFormatException($"{path} is longer than {ArchiveFormat.MaxPathBytes} bytes.");
            var status = FileSystemProbe.Lstat(full);
            if (status.Unsupported is not null)
                throw new ArchiveFormatException($"{path} in the stage directory is {status.Unsupported}; outputs may hold only files, directories and symlinks.");

            sink.Header(status.Kind, status.Mode, pathBytes);
            switch (status.Kind)
            {
                case ArchiveEntryKind.Directory:
                    await WriteChildrenAsync(sink, full, path, cancellationToken);
                    break;
                case ArchiveEntryKind.Symlink:
                    var target = new FileInfo(full).LinkTarget!;
                    if (ArchiveFormat.SymlinkTargetProblem(path, target) is { } problem)
                        throw new ArchiveFormatException($"The symlink {path} has {problem}; cached outputs keep symlinks inside the output.");
                    sink.Symlink(Encoding.UTF8.GetBytes(target));
                    break;
                default:
                    await sink.FileAsync(full, path, status.Size, cancellationToken);
                    break;
            }
        }
    }

    /// <summary>Children sorted by the bytes of their UTF-8 names, which is the order readers require.</summary>
    private static List<(string Name, byte[] Bytes)> SortedChildren(string directory, string relative)
    {
        var children = new List<(string, byte[])>();
        foreach (var full in Directory.EnumerateFileSystemEntries(directory))
        {
            var name = Path.GetFileName(full);
            // .NET decodes file names as UTF-8 and replaces invalid bytes, which would silently rename the file.
            if (name.Contains('\uFFFD'))
                throw new ArchiveFormatException($"A file name in {(relative.Length == 0 ? "the stage root" : relative)} is not valid UTF-8 ({name}); rename it.");
            var bytes = Encoding.UTF8.GetBytes(name);
            if (ArchiveFormat.NameProblem(bytes) is { } problem) throw new ArchiveFormatException($"{relative}/{name} has {problem}.");
            children.Add((name, bytes));
        }
        children.Sort((a, b) => a.Item2.AsSpan().SequenceCompareTo(b.Item2));
        return children;
    }

    /// <summary>Encodes entries; also hashes the listing (everything except file contents) and counts files.</summary>
    private sealed class Sink(BufferedStream output)
    {
        private readonly IncrementalHash _listing = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _entries;
        private byte[]? _buffer;

        public int FileCount { get; private set; }

        public string ListingHex() => Convert.ToHexStringLower(_listing.GetHashAndReset());

        public void Header(ArchiveEntryKind kind, uint mode, byte[] path)
        {
            Span<byte> fixedPart = stackalloc byte[9];
            fixedPart[0] = (byte)kind;
            BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[1..], mode);
            BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[5..], (uint)path.Length);
            Emit(fixedPart);
            Emit(path);
            _entries++;
        }

        public void Symlink(byte[] target)
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)target.Length);
            Emit(length);
            Emit(target);
            FileCount++;
        }

        public async Task FileAsync(string full, string path, long expectedSize, CancellationToken cancellationToken)
        {
            await using var file = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            var size = file.Length;
            var prefix = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)size);
            Emit(prefix);

            var buffer = _buffer ??= new byte[CopyBufferSize];
            long copied = 0;
            int read;
            while (copied < size && (read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, size - copied)), cancellationToken)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                copied += read;
            }
            // A file that grows or shrinks while it is archived would make the entry lie about the output.
            if (copied != size || size != expectedSize || file.ReadByte() != -1)
                throw new ArchiveFormatException($"{path} changed while it was archived; store the output after the build has finished writing it.");
            FileCount++;
        }

        public async Task FinishAsync(CancellationToken cancellationToken)
        {
            var end = new byte[9];
            end[0] = (byte)ArchiveEntryKind.End;
            BinaryPrimitives.WriteUInt64LittleEndian(end.AsSpan(1), (ulong)_entries);
            Emit(end);
            await output.FlushAsync(cancellationToken);
        }

        private void Emit(ReadOnlySpan<byte> bytes)
        {
            output.Write(bytes);
            _listing.AppendData(bytes);
        }
    }
}
