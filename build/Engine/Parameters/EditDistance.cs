namespace RedoxBuild.Engine;

/// <summary>Levenshtein distance, for "did you mean" hints on misspelled parameters and configuration keys.</summary>
public static class EditDistance
{
    public static int Between(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    /// <summary>
    /// The candidate closest to <paramref name="wanted"/> when it is close enough to be a plausible typo (at most
    /// max(2, a third of its length) edits, compared case-insensitively); null otherwise.
    /// </summary>
    public static string? Closest(string wanted, IEnumerable<string> candidates)
    {
        var key = wanted.ToLowerInvariant();
        return candidates
            .Select(c => (Candidate: c, Distance: Between(key, c.ToLowerInvariant())))
            .Where(x => x.Distance <= Math.Max(2, key.Length / 3))
            .OrderBy(x => x.Distance).ThenBy(x => x.Candidate, StringComparer.OrdinalIgnoreCase)
            .Select(x => x.Candidate).FirstOrDefault();
    }
}
