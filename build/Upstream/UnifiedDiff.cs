namespace RedoxBuild.Upstream;

/// <summary>One hunk: its number within its file (1-based, as patch counts) and where it starts in the old and new file.</summary>
public sealed record DiffHunk(int Number, int OldStart, int OldCount, int NewStart, int NewCount);

/// <summary>The hunks of one file in a patch; a path is null for /dev/null (a created or deleted file).</summary>
public sealed record DiffFile(string? OldPath, string? NewPath, IReadOnlyList<DiffHunk> Hunks)
{
    public string DisplayPath => NewPath ?? OldPath ?? "";
}

/// <summary>
/// Reads the file and hunk structure of a unified diff (git's or plain), enough to turn git's "patch failed:
/// file:line" into "hunk #n of file". Hunk bodies are skipped by their line counts, so a removed line that
/// itself starts with "-- " is never mistaken for a new file header.
/// </summary>
public static class UnifiedDiff
{
    public static IReadOnlyList<DiffFile> Parse(string text)
    {
        var files = new List<DiffFile>();
        string? oldPath = null, newPath = null;
        List<DiffHunk>? hunks = null;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

        void Flush()
        {
            if (hunks is not null && (oldPath is not null || newPath is not null || hunks.Count > 0))
                files.Add(new DiffFile(oldPath, newPath, hunks));
            hunks = null;
            oldPath = newPath = null;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                Flush();
                hunks = [];
                var (a, b) = SplitGitHeader(line["diff --git ".Length..]);
                oldPath = a;
                newPath = b;
            }
            else if (line.StartsWith("--- ", StringComparison.Ordinal) && i + 1 < lines.Length && lines[i + 1].StartsWith("+++ ", StringComparison.Ordinal))
            {
                // A plain diff starts a file here; in a git diff these lines only confirm (or null) the paths.
                if (hunks is null || hunks.Count > 0) { Flush(); hunks = []; }
                oldPath = StripPath(line[4..]);
                newPath = StripPath(lines[i + 1][4..]);
                i++;
            }
            else if (line.StartsWith("@@ -", StringComparison.Ordinal) && hunks is not null && TryParseHunk(line, hunks.Count + 1) is { } hunk)
            {
                hunks.Add(hunk);
                // Skip the body: context and removed lines count against the old side, context and added against the new.
                int oldLeft = hunk.OldCount, newLeft = hunk.NewCount;
                while ((oldLeft > 0 || newLeft > 0) && i + 1 < lines.Length)
                {
                    var body = lines[++i];
                    if (body.StartsWith('\\')) continue;
                    if (body.StartsWith('-')) oldLeft--;
                    else if (body.StartsWith('+')) newLeft--;
                    else { oldLeft--; newLeft--; }
                }
            }
        }
        Flush();
        return files;
    }

    /// <summary>The hunk of <paramref name="file"/> that starts at old line <paramref name="oldLine"/> (git's failure position).</summary>
    public static DiffHunk? FindHunk(IReadOnlyList<DiffFile> files, string file, int oldLine) =>
        files.Where(f => f.NewPath == file || f.OldPath == file).SelectMany(f => f.Hunks).FirstOrDefault(h => h.OldStart == oldLine);

    private static DiffHunk? TryParseHunk(string line, int number)
    {
        // @@ -oldStart[,oldCount] +newStart[,newCount] @@ optional section heading
        var end = line.IndexOf(" @@", 4, StringComparison.Ordinal);
        if (end < 0) return null;
        var parts = line[4..end].Split(" +");
        if (parts.Length != 2 || !TryRange(parts[0], out var oldStart, out var oldCount) || !TryRange(parts[1], out var newStart, out var newCount))
            return null;
        return new DiffHunk(number, oldStart, oldCount, newStart, newCount);
    }

    private static bool TryRange(string text, out int start, out int count)
    {
        var comma = text.IndexOf(',');
        count = 1;
        return comma < 0 ? int.TryParse(text, out start) : int.TryParse(text[..comma], out start) & int.TryParse(text[(comma + 1)..], out count);
    }

    private static (string?, string?) SplitGitHeader(string rest)
    {
        // "a/x b/x": for unquoted names both halves have the same length after their prefixes.
        var middle = rest.IndexOf(" b/", StringComparison.Ordinal);
        return middle < 0 ? (null, null) : (StripPath(rest[..middle]), StripPath(rest[(middle + 1)..]));
    }

    private static string? StripPath(string raw)
    {
        var path = raw.Split('\t')[0].Trim().Trim('"');
        if (path == "/dev/null") return null;
        var slash = path.IndexOf('/');
        // Strip the a/ or b/ prefix (one level, as patch -p1 does).
        return slash >= 0 ? path[(slash + 1)..] : path;
    }
}
