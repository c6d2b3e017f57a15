namespace RedoxBuild.Image.RootTree;

/// <summary>
/// What a root tree holds, and an estimate of the RedoxFS space it takes: RedoxFS stores data in 4 KiB blocks, one
/// 4 KiB node per entry and the entry list of every directory in blocks of its own; 1% covers the block lists of large
/// files and 1 MiB the header and allocator. An estimate, used to fail before the archiver does.
/// </summary>
public sealed record RootTreeStats(int Files, int Directories, int Symlinks, long Bytes, long RedoxFsBytes)
{
    public const int BlockSize = 4096;
    private const long FixedOverhead = 1024 * 1024;

    public static RootTreeStats Measure(string root)
    {
        int files = 0, directories = 0, links = 0;
        long bytes = 0, blocks = 0;
        foreach (var item in TreeWalk.Items(root))
        {
            switch (item.Kind)
            {
                case 'd': directories++; break;
                case 'l': links++; break;
                default:
                    files++;
                    bytes += item.Size;
                    blocks += (item.Size + BlockSize - 1) / BlockSize;
                    break;
            }
        }
        var entries = files + directories + links;
        var estimate = (long)Math.Ceiling(blocks * 1.01) * BlockSize + (long)(entries + directories + 1) * BlockSize + FixedOverhead;
        return new RootTreeStats(files, directories, links, bytes, estimate);
    }
}
