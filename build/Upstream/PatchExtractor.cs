using System.Text.RegularExpressions;
using System.Text;
using RedoxBuild.Engine;
using RedoxBuild.Model;

namespace RedoxBuild.Upstream;

/// <summary>Whose checkout to read and where the series goes.</summary>
public sealed record ExtractionRequest(string Recipe, string Checkout, SourceInfo Source, string PatchDirectory, bool IncludeUncommitted);

/// <summary>
/// Turns the local edits in a recipe's checkout (the commits after <see cref="SourceInfo.PatchBase"/>, and on
/// request the uncommitted changes as one last patch) into a numbered git format-patch series. The files are stable:
/// no dates, commit ids or git version in them, so extracting the same edits twice writes the same bytes, and only
/// files whose content changed are touched. Files edited by hand since the last extraction stop the run.
/// </summary>
public sealed partial class PatchExtractor(Processes processes, SourcePaths paths, IReadOnlyDictionary<string, string?>? userEnvironment = null)
{
    public async Task<ExtractionReport> ExtractAsync(ExtractionRequest request)
    {
        var git = PatchSeriesApplier.Git(processes, request.Checkout, CommitIdentity.Reproducible, userEnvironment);
        var checkout = paths.Display(request.Checkout);
        var patchBase = request.Source.PatchBase;
        if ((await git.TryAsync("merge-base", "--is-ancestor", patchBase, "HEAD").ConfigureAwait(false)).ExitCode != 0)
            throw new BuildFailure($"HEAD of {checkout} does not contain {patchBase[..12]}, where the local series starts ({GitSourceInfoStore.BaseRef}). " +
                $"Rebase your commits onto it (git -C {checkout} rebase {GitSourceInfoStore.BaseRef}) and run ExtractPatches --recipe {request.Recipe} again.");
        var merges = await git.OutputAsync("rev-list", "--merges", "--abbrev-commit", $"{patchBase}..HEAD").ConfigureAwait(false);
        if (merges.Length > 0)
            throw new BuildFailure($"{checkout} has merge commits after the series base ({merges.Replace('\n', ' ')}); a patch series is linear. " +
                $"Rebase onto {GitSourceInfoStore.BaseRef} without merges (git -C {checkout} rebase {GitSourceInfoStore.BaseRef}) and run ExtractPatches --recipe {request.Recipe} again.");

        var tip = "HEAD";
        var changes = await git.UncommittedChangesAsync().ConfigureAwait(false);
        if (changes.Count > 0 && !request.IncludeUncommitted)
            throw new BuildFailure($"{checkout} has uncommitted changes:\n{PatchSeriesApplier.Listing(changes)}\n" +
                $"Commit them (git -C {checkout} commit -a), so they become a patch with your own message, and run ExtractPatches --recipe {request.Recipe} again; " +
                "or add --include-uncommitted to put them into one last patch named 'Uncommitted changes'.");
        var scratch = Directory.CreateTempSubdirectory("redox-build-extract-");
        try
        {
            if (changes.Count > 0) tip = await CommitUncommittedAsync(git, scratch.FullName).ConfigureAwait(false);
            var output = Path.Combine(scratch.FullName, "series");
            await git.RunAsync(["format-patch", "--quiet", "--output-directory", output, .. StableGit.FormatPatchOptions, $"{patchBase}..{tip}"]).ConfigureAwait(false);
            var extracted = Directory.Exists(output)
                ? Directory.GetFiles(output, "*.patch").Order(StringComparer.Ordinal)
                    .ToDictionary(f => Path.GetFileName(f), f => NormaliseDate(File.ReadAllBytes(f)), StringComparer.Ordinal)
                : new Dictionary<string, byte[]>(StringComparer.Ordinal);
            return Write(request.PatchDirectory, extracted, changes.Count > 0, checkout);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Commits the working tree through a private index (the user's index and HEAD stay as they are) and returns the
    /// dangling commit; the user's identity is its author when git knows one.
    /// </summary>
    private async Task<string> CommitUncommittedAsync(GitRepository git, string scratch)
    {
        var indexed = git.WithEnvironment(new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = Path.Combine(scratch, "index") });
        await indexed.RunAsync("read-tree", "HEAD").ConfigureAwait(false);
        await indexed.RunAsync("add", "--all").ConfigureAwait(false);
        var tree = await indexed.OutputAsync("write-tree").ConfigureAwait(false);
        var identity = StableGit.Merge(StableGit.BuildIdentity);
        if (AuthorIdent().Match((await PatchSeriesApplier.Git(processes, git.Directory, CommitIdentity.Personal, userEnvironment).TryAsync("var", "GIT_AUTHOR_IDENT").ConfigureAwait(false)).StandardOutput.Trim()) is { Success: true } author)
        {
            identity["GIT_AUTHOR_NAME"] = author.Groups[1].Value;
            identity["GIT_AUTHOR_EMAIL"] = author.Groups[2].Value;
        }
        return await git.WithEnvironment(identity).OutputAsync("commit-tree", tree, "-p", "HEAD", "-m", "Uncommitted changes").ConfigureAwait(false);
    }

    private ExtractionReport Write(string directory, IReadOnlyDictionary<string, byte[]> extracted, bool includesUncommitted, string checkout)
    {
        var shown = paths.Display(directory);
        var record = ExtractionRecord.Load(directory);
        var seriesPath = Path.Combine(directory, PatchSeries.SeriesFileName);
        var wanted = new Dictionary<string, byte[]>(extracted, StringComparer.Ordinal);
        if (File.Exists(seriesPath))
            wanted[PatchSeries.SeriesFileName] = Encoding.UTF8.GetBytes(string.Concat(extracted.Keys.Select(k => k + "\n")));

        var existing = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.patch").Append(seriesPath).Where(File.Exists)
                .ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes, StringComparer.Ordinal)
            : new Dictionary<string, byte[]>(StringComparer.Ordinal);

        var conflicts = new List<string>();
        foreach (var (name, content) in existing.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var replacement = wanted.GetValueOrDefault(name);
            if (replacement is not null && replacement.AsSpan().SequenceEqual(content)) continue;
            if (!record.Hashes.TryGetValue(name, out var hash))
                conflicts.Add($"{name} was not written by ExtractPatches (it is not in {ExtractionRecord.FileName})");
            else if (hash != ExtractionRecord.Hash(content))
                conflicts.Add($"{name} was edited by hand since the last extraction");
        }
        if (conflicts.Count > 0)
            throw new BuildFailure($"ExtractPatches would overwrite or remove files in {shown} that a person changed:\n{string.Join('\n', conflicts.Select(c => "  " + c))}\n" +
                $"Nothing was written. Move the change into the source instead: apply the file in {paths.Display(directory)} to the checkout " +
                $"(git -C {checkout} am <file>) and commit, then run ExtractPatches again. " +
                "If the change is not needed, restore the file from version control or delete it, and run again.");

        var added = wanted.Keys.Where(n => !existing.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        var updated = wanted.Where(w => existing.TryGetValue(w.Key, out var old) && !old.AsSpan().SequenceEqual(w.Value)).Select(w => w.Key).Order(StringComparer.Ordinal).ToList();
        var removed = existing.Keys.Where(n => !wanted.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        var unchanged = wanted.Keys.Except(added).Except(updated).Order(StringComparer.Ordinal).ToList();

        if (added.Count + updated.Count + removed.Count > 0 || !RecordMatches(record, wanted))
        {
            Directory.CreateDirectory(directory);
            foreach (var name in added.Concat(updated)) File.WriteAllBytes(Path.Combine(directory, name), wanted[name]);
            foreach (var name in removed) File.Delete(Path.Combine(directory, name));
            var newRecord = new ExtractionRecord(wanted.ToDictionary(w => w.Key, w => ExtractionRecord.Hash(w.Value), StringComparer.Ordinal));
            var recordPath = Path.Combine(directory, ExtractionRecord.FileName);
            if (wanted.Count == 0) File.Delete(recordPath);
            else File.WriteAllBytes(recordPath, newRecord.ToBytes());
        }
        return new ExtractionReport(shown, added, updated, removed, unchanged, includesUncommitted);
    }

    private static bool RecordMatches(ExtractionRecord record, IReadOnlyDictionary<string, byte[]> wanted) =>
        record.Hashes.Count == wanted.Count && wanted.All(w => record.Hashes.TryGetValue(w.Key, out var h) && h == ExtractionRecord.Hash(w.Value));

    /// <summary>Replaces the Date header of a format-patch mail with <see cref="StableGit.FixedDate"/>; the body is left byte for byte.</summary>
    internal static byte[] NormaliseDate(byte[] mail)
    {
        // Latin-1 maps every byte to one char and back, so non-UTF-8 content survives the round trip.
        var text = Encoding.Latin1.GetString(mail);
        var headerEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
        var header = headerEnd < 0 ? text : text[..headerEnd];
        var normalised = DateHeader().Replace(header, "Date: " + StableGit.FixedDate, 1);
        return Encoding.Latin1.GetBytes(headerEnd < 0 ? normalised : normalised + text[headerEnd..]);
    }

    [GeneratedRegex(@"^Date: .*$", RegexOptions.Multiline)]
    private static partial Regex DateHeader();

    [GeneratedRegex(@"^(.*) <(.*)> \d+ [+-]\d{4}$")]
    private static partial Regex AuthorIdent();
}
