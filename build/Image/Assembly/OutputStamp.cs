using System.Text.Json;

namespace RedoxBuild.Image.Assembly;

/// <summary>
/// What an output was last built from, and the exact files that build left (length and write time). A run whose
/// inputs are the same and whose files are untouched has nothing to do; an output someone changed or replaced since
/// does not match and is built again, never trusted.
/// </summary>
public sealed class OutputStamp(string stampPath, IReadOnlyList<string> outputs)
{
    private sealed record FileState(string Path, long Length, long WriteTicks);

    private sealed record Contents(string Inputs, IReadOnlyList<FileState> Files);

    public bool Matches(string inputs)
    {
        try
        {
            return File.ReadAllText(stampPath) == Describe(inputs);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // no stamp, or an output is missing: build
        }
    }

    /// <summary>Written after every output is complete; until then <see cref="Forget"/> keeps an interrupted build from looking done.</summary>
    public void Record(string inputs)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(stampPath)!);
        File.WriteAllText(stampPath + ".tmp", Describe(inputs));
        File.Move(stampPath + ".tmp", stampPath, overwrite: true);
    }

    public void Forget()
    {
        if (File.Exists(stampPath)) File.Delete(stampPath);
    }

    private string Describe(string inputs) => JsonSerializer.Serialize(new Contents(inputs, outputs.Select(path =>
    {
        var file = new FileInfo(path);
        return file.Exists ? new FileState(path, file.Length, file.LastWriteTimeUtc.Ticks) : throw new FileNotFoundException("missing output", path);
    }).ToList()));
}
