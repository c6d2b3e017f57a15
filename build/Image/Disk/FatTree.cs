namespace RedoxBuild.Image.Disk;

/// <summary>An entry of a FAT volume's tree: a file or a directory, named by its long (case-preserved) name.</summary>
public abstract record FatNode(string Name);

/// <summary>A directory; <see cref="Children"/> are in the order they are written (sorted ordinally by name).</summary>
public sealed record FatDirectory(string Name, IReadOnlyList<FatNode> Children) : FatNode(Name);

/// <summary>A file and where its bytes come from.</summary>
public sealed record FatFile(string Name, FatFileContent Content) : FatNode(Name);

/// <summary>File bytes, held in memory or read from a host file when the volume is written.</summary>
public abstract record FatFileContent
{
    public abstract long Length { get; }

    public static FatFileContent FromBytes(ReadOnlyMemory<byte> bytes) => new InMemoryContent(bytes);

    /// <summary>A host file; its length is taken now and checked again when it is copied.</summary>
    public static FatFileContent FromHostFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"The file to put into the FAT volume does not exist: {path}", path);
        return new HostFileContent(info.FullName, info.Length);
    }
}

public sealed record InMemoryContent(ReadOnlyMemory<byte> Bytes) : FatFileContent
{
    public override long Length => Bytes.Length;
}

public sealed record HostFileContent(string Path, long FileLength) : FatFileContent
{
    public override long Length => FileLength;
}

/// <summary>
/// Collects files and directories by path ("EFI/BOOT/BOOTX64.EFI"; '/' or '\' separate) and checks each name as
/// it comes in, so a bad name fails with the path that brought it. Names are case-preserving and, like FAT itself,
/// case-insensitive: "a.txt" and "A.TXT" in one directory are a conflict.
/// </summary>
public sealed class FatTreeBuilder
{
    private readonly Dir _root = new("");

    public FatTreeBuilder AddDirectory(string path)
    {
        var dir = _root;
        foreach (var part in Split(path)) dir = dir.SubDirectory(part, path);
        return this;
    }

    public FatTreeBuilder AddFile(string path, ReadOnlyMemory<byte> content) => Add(path, FatFileContent.FromBytes(content));

    /// <summary>Adds a file whose bytes are copied from <paramref name="hostPath"/> when the volume is written.</summary>
    public FatTreeBuilder AddHostFile(string path, string hostPath) => Add(path, FatFileContent.FromHostFile(hostPath));

    public FatTreeBuilder Add(string path, FatFileContent content)
    {
        var parts = Split(path);
        if (parts.Length == 0) throw new DiskLayoutException($"The file path '{path}' has no file name.");
        var dir = _root;
        foreach (var part in parts[..^1]) dir = dir.SubDirectory(part, path);
        dir.AddFile(parts[^1], content, path);
        return this;
    }

    /// <summary>The root directory, every level sorted ordinally by name so insertion order never changes the bytes.</summary>
    public FatDirectory Build() => _root.Freeze();

    private static string[] Split(string path)
    {
        var parts = path.Split('/', '\\', StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            var problem = FatNames.LongNameProblem(part);
            if (problem is not null) throw new DiskLayoutException($"Cannot put '{path}' into the FAT volume: in '{part}', {problem}.");
        }
        return parts;
    }

    private sealed class Dir(string name)
    {
        private readonly Dictionary<string, Dir> _dirs = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, FatFile> _files = new(StringComparer.OrdinalIgnoreCase);

        public Dir SubDirectory(string part, string path)
        {
            if (_files.TryGetValue(part, out var file))
                throw new DiskLayoutException($"Cannot make directory '{part}' for '{path}': a file '{file.Name}' already has that name.");
            if (_dirs.TryGetValue(part, out var existing))
            {
                if (existing.Name != part)
                    throw new DiskLayoutException($"'{path}' names directory '{part}', but '{existing.Name}' exists; FAT names are case-insensitive, so use one spelling.");
                return existing;
            }
            return _dirs[part] = new Dir(part);
        }

        public void AddFile(string part, FatFileContent content, string path)
        {
            if (_dirs.ContainsKey(part) || _files.ContainsKey(part))
                throw new DiskLayoutException($"Cannot add '{path}': '{part}' already exists in that directory (FAT names are case-insensitive).");
            if (content.Length > uint.MaxValue)
                throw new DiskLayoutException($"Cannot add '{path}': it is {content.Length} bytes, and a FAT file holds at most {uint.MaxValue}.");
            _files[part] = new FatFile(part, content);
        }

        public string Name => name;

        public FatDirectory Freeze() => new(name,
            _dirs.Values.Select(d => (FatNode)d.Freeze()).Concat(_files.Values)
                .OrderBy(n => n.Name, StringComparer.Ordinal).ToList());
    }
}
