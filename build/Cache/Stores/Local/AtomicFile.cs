namespace RedoxBuild.Cache.Stores.Local;

/// <summary>
/// Writes that are all-or-nothing: a temp file in the target's own directory, fsync, then rename(2) over the
/// target. Readers see the old file or the complete new one, never a prefix; a crash leaves at most a temp file,
/// which no reader looks at (its name starts with <see cref="TempPrefix"/>) and GC removes.
/// Concurrent writers of the same content are harmless: the last rename wins with identical bytes.
/// </summary>
public static class AtomicFile
{
    public const string TempPrefix = ".tmp-";

    public static string TempPathFor(string directory) => Path.Combine(directory, $"{TempPrefix}{Guid.NewGuid():N}");

    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temp = TempPathFor(directory);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Moves a finished, fsynced temp file into place (same file system, so rename(2) is atomic).</summary>
    public static void Commit(string temp, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Move(temp, path, overwrite: true);
    }
}
