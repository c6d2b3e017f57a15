using System.Globalization;

namespace RedoxBuild.Cook.Scheduling;

/// <summary>
/// One of n CI jobs cooking a closure together: --shard i/n (1-based). Within each level the units (sorted by name) are
/// dealt round-robin, so every shard gets a fair share of every level and a unit's shard never depends on who else runs.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && i >= 1 && i <= n)
            return new Shard(i, n);
        throw new Engine.BuildFailure($"--shard '{text}' must look like i/n with 1 <= i <= n, e.g. --shard 2/4.");
    }

    /// <summary>The names this shard builds: in each level (lists of names in build order), every n-th from position i-1.</summary>
    public IReadOnlySet<string> Assigned(IEnumerable<IEnumerable<string>> levels) =>
        levels.SelectMany(level => level.Order(StringComparer.Ordinal).Where((_, position) => position % Count == Index - 1)).ToHashSet(StringComparer.Ordinal);

    public override string ToString() => $"{Index}/{Count}";
}
