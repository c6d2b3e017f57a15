using System.Text.Json;

namespace RedoxBuild.Image.Assembly;

/// <summary>Whether outputs can be reused, and which existing files the last build did not write (someone changed them).</summary>
public sealed record OutputCheck(bool UpToDate, IReadOnlyList<string> ChangedSinceBuilt);

/// <summary>
/// What an output was last built from, and the exact files that build left (length and write time). A run whose
/// inputs are the same and whose files are untouched has nothing to do. A file that exists but is not the one the last
/// build wrote (booted without an overlay, edited, replaced, or there before any build) is the user's: it is reported,
/// so the caller can move it aside instead of building over it.
/// </summary>
public sealed class OutputStamp(string stampPath, IReadOnlyList<string> outputs)
{
    private sealed record FileState(string Path, long Length, long WriteTicks);

    private sealed record Contents(string Inputs, IReadOnlyList<FileState> Files);

    public OutputCheck Check(string inputs)
    {
        var recorded = Read();
        var current = outputs.Select(Observe).ToList();
        var changed = current.OfType<FileState>().Where(state => recorded?.Files.Contains(state) != true).Select(state => state.Path).ToList();
        var upToDate = recorded is not null && recorded.Inputs == inputs && changed.Count == 0 && current.All(state => state is not null);
        return new OutputCheck(upToDate, changed);
    }

    /// <summary>Written after every output is complete.</summary>
    public void Record(string inputs)
    {
        var states = outputs.Select(path => Observe(path) ?? throw new FileNotFoundException("An output to record is missing.", path)).ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(stampPath)!);
        File.WriteAllText(stampPath + ".tmp", JsonSerializer.Serialize(new Contents(inputs, states)));
        File.Move(stampPath + ".tmp", stampPath, overwrite: true);
    }

    /// <summary>
    /// Moves a changed output to &lt;name&gt;.modified-&lt;time&gt; beside it (same folder, so no copy) and returns the new path.
    /// </summary>
    public static string MoveAside(string path, DateTimeOffset now)
    {
        var aside = $"{path}.modified-{now.UtcDateTime:yyyyMMdd-HHmmss}";
        File.Move(path, aside);
        return aside;
    }

    private Contents? Read()
    {
        try
        {
            return JsonSerializer.Deserialize<Contents>(File.ReadAllText(stampPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null; // no stamp (never built here), or an unreadable one
        }
    }

    private static FileState? Observe(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? new FileState(path, file.Length, file.LastWriteTimeUtc.Ticks) : null;
    }
}
