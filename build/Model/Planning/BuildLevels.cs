using RedoxBuild.Model.Recipes;

namespace RedoxBuild.Model.Planning;

/// <summary>
/// Assigns each package the length of its longest chain of build dependencies (Kahn's algorithm, in waves), so
/// packages on one level never depend on each other. A cycle is reported with its path and the first edge's place.
/// </summary>
internal static class BuildLevels
{
    public static IReadOnlyDictionary<PackageName, int> Compute(IReadOnlyDictionary<PackageName, IReadOnlyList<PackageReference>> buildEdges)
    {
        var waiting = buildEdges.ToDictionary(e => e.Key, e => e.Value.Select(r => r.Name).Distinct().Count());
        var dependents = buildEdges.Keys.ToDictionary(k => k, _ => new List<PackageName>());
        foreach (var (package, edges) in buildEdges)
            foreach (var dependency in edges.Select(r => r.Name).Distinct())
                dependents[dependency].Add(package);

        var levels = new Dictionary<PackageName, int>();
        var wave = waiting.Where(w => w.Value == 0).Select(w => w.Key).ToList();
        for (var level = 0; wave.Count > 0; level++)
        {
            var next = new List<PackageName>();
            foreach (var package in wave)
            {
                levels[package] = level;
                foreach (var dependent in dependents[package])
                    if (--waiting[dependent] == 0) next.Add(dependent);
            }
            wave = next;
        }

        if (levels.Count < buildEdges.Count)
            throw Cycle(buildEdges, levels);
        return levels;
    }

    /// <summary>
    /// Every package left without a level waits on another such package, so following those edges from any of them
    /// must come back to a package already seen. Smallest names are followed first, so the reported cycle is stable.
    /// </summary>
    private static ModelException Cycle(IReadOnlyDictionary<PackageName, IReadOnlyList<PackageReference>> buildEdges, IReadOnlyDictionary<PackageName, int> levels)
    {
        var path = new List<PackageReference>();
        var seen = new Dictionary<PackageName, int>();
        var at = buildEdges.Keys.Where(k => !levels.ContainsKey(k)).Min();
        while (!seen.ContainsKey(at))
        {
            seen[at] = path.Count;
            var edge = buildEdges[at].Where(r => !levels.ContainsKey(r.Name)).MinBy(r => r.Name)!;
            path.Add(new PackageReference(at, edge.Position));
            at = edge.Name;
        }
        var cycle = path.Skip(seen[at]).ToList();
        var names = cycle.Select(r => r.Name.ToString()).Append(at.ToString());
        return new ModelException(cycle[0].Position,
            $"build dependency cycle: {string.Join(" -> ", names)} (each needs the next one built first; only [package] dependencies may form cycles)");
    }
}
