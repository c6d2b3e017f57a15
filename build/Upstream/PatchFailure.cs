using System.Text;
using System.Text.RegularExpressions;
using RedoxBuild.Engine;

namespace RedoxBuild.Upstream;

/// <summary>
/// Why a patch did not apply: the patch file, the file it patches, the hunk (1-based, as patch numbers them) and the
/// line the hunk expected, each when the tool said so, plus the tool's own words.
/// </summary>
public sealed record PatchFailure(string PatchFile, string? TargetFile, int? Hunk, int? Line, string Reason, string ToolOutput)
{
    /// <summary>"hunk #2 of drivers/pcid/src/main.rs (at line 120) failed", or the reason when the tool named no hunk.</summary>
    public string Describe()
    {
        if (Hunk is { } hunk && TargetFile is { } file)
            return $"hunk #{hunk} of {file}{(Line is { } line ? $" (at line {line})" : "")} failed";
        return TargetFile is { } target ? $"{target}: {Reason}" : Reason;
    }
}

/// <summary>A patch of a series did not apply. The message names the patch, the file and the hunk, and what to do.</summary>
public sealed class PatchApplyException(string message, PatchFailure failure) : BuildFailure(message)
{
    public PatchFailure Failure { get; } = failure;
}

/// <summary>Reads git's and GNU patch's failure output (C locale) into a <see cref="PatchFailure"/>.</summary>
public static partial class PatchFailureParser
{
    /// <summary>git am / git apply output; <paramref name="patchText"/> maps git's "file:line" to a hunk number.</summary>
    public static PatchFailure FromGit(string patchFile, string patchText, string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        foreach (var line in lines)
        {
            if (PatchFailedAt().Match(line) is { Success: true } failed)
            {
                var file = failed.Groups[1].Value;
                var at = int.Parse(failed.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                var hunk = UnifiedDiff.FindHunk(UnifiedDiff.Parse(patchText), file, at);
                return new PatchFailure(patchFile, file, hunk?.Number, at, "the surrounding lines no longer match", output);
            }
            if (FileProblem().Match(line) is { Success: true } problem)
            {
                var reason = problem.Groups[2].Value switch
                {
                    var r when r.StartsWith("does not exist", StringComparison.Ordinal) || r.StartsWith("No such file", StringComparison.Ordinal) => "the file to patch does not exist",
                    var r when r.StartsWith("already exists", StringComparison.Ordinal) => "the file the patch creates already exists",
                    var r when r.StartsWith("does not match index", StringComparison.Ordinal) => "the file differs from the index",
                    var r => r,
                };
                return new PatchFailure(patchFile, problem.Groups[1].Value, null, null, reason, output);
            }
        }
        var reasonLine = lines.FirstOrDefault(l => l.StartsWith("Patch format detection failed", StringComparison.Ordinal)) is not null
            ? "it is not a git format-patch mail (no From:/Subject: header); patches in this series must come from git format-patch (ExtractPatches writes them)"
            : lines.FirstOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal))?["error: ".Length..]
              ?? lines.FirstOrDefault(l => l.StartsWith("fatal: ", StringComparison.Ordinal))?["fatal: ".Length..]
              ?? lines.FirstOrDefault(l => l.Length > 0 && !l.StartsWith("Applying: ", StringComparison.Ordinal))
              ?? "git did not say why";
        return new PatchFailure(patchFile, null, null, null, reasonLine, output);
    }

    /// <summary>GNU patch output: "patching file X" followed by "Hunk #2 FAILED at 45." and similar.</summary>
    public static PatchFailure FromGnuPatch(string patchFile, string output)
    {
        string? current = null;
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (PatchingFile().Match(line) is { Success: true } patching)
                current = patching.Groups[1].Value.Trim('\'');
            else if (HunkFailed().Match(line) is { Success: true } hunk)
                return new PatchFailure(patchFile, current, int.Parse(hunk.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(hunk.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), "the surrounding lines no longer match", output);
            else if (line.StartsWith("can't find file to patch", StringComparison.Ordinal))
            {
                var named = lines.Skip(i).FirstOrDefault(l => l.StartsWith("|+++ ", StringComparison.Ordinal) || l.StartsWith("|--- ", StringComparison.Ordinal));
                var file = named is null ? null : StripOneLevel(named[5..].Split('\t')[0].Trim());
                return new PatchFailure(patchFile, file, null, null, "the file to patch does not exist", output);
            }
            else if (line.StartsWith("Reversed (or previously applied) patch detected", StringComparison.Ordinal))
                return new PatchFailure(patchFile, current, null, null, "it looks already applied (or reversed)", output);
        }
        var reason = lines.FirstOrDefault(l => l.StartsWith("patch: **** ", StringComparison.Ordinal))?["patch: **** ".Length..]
            ?? lines.FirstOrDefault(l => l.Length > 0) ?? "patch did not say why";
        return new PatchFailure(patchFile, current, null, null, reason, output);
    }

    /// <summary>The full message for a failure, with the tool output indented below it.</summary>
    public static string Message(PatchFailure failure, string checkoutState, string advice)
    {
        var text = new StringBuilder()
            .Append(failure.PatchFile).Append(" does not apply: ").Append(failure.Describe()).Append(". ")
            .Append(checkoutState).Append(' ').Append(advice);
        var output = failure.ToolOutput.Trim();
        if (output.Length > 0)
            text.Append('\n').Append("Tool output:").Append('\n').Append(string.Join('\n', output.Split('\n').TakeLast(25).Select(l => "  " + l.TrimEnd('\r'))));
        return text.ToString();
    }

    private static string StripOneLevel(string path) => path.IndexOf('/') is var slash and >= 0 ? path[(slash + 1)..] : path;

    [GeneratedRegex(@"^error: patch failed: (.+):(\d+)$")]
    private static partial Regex PatchFailedAt();

    [GeneratedRegex(@"^error: (.+?): (does not exist in index|No such file or directory|already exists in (?:index|working directory)|does not match index|.*wrong type.*)$")]
    private static partial Regex FileProblem();

    [GeneratedRegex(@"^(?:patching|checking) file (.+)$")]
    private static partial Regex PatchingFile();

    [GeneratedRegex(@"^Hunk #(\d+) FAILED at (\d+)")]
    private static partial Regex HunkFailed();
}
