using RedoxBuild.Model.Recipes;

namespace RedoxBuild.Model.Planning;

/// <summary>How a planned package is produced: built from its fetched source, from the source as it is on disk, or downloaded.</summary>
public enum BuildRule { Source, Local, Binary }

/// <summary>
/// A package in a plan. <see cref="Dependencies"/> and <see cref="DevDependencies"/> must be built first (they order
/// the levels); <see cref="RuntimeDependencies"/> are only installed alongside. Names are resolved: inside a host
/// build every dependency is a host build. A <c>recipe.sub</c> package depends on its base recipe's build, which
/// produces it. <see cref="Template"/> is "remote" for binary packages, as upstream treats them.
/// </summary>
public sealed record PlannedPackage(
    PackageName Name,
    BuildRule Rule,
    Recipe Recipe,
    string Template,
    IReadOnlyList<PackageName> Dependencies,
    IReadOnlyList<PackageName> DevDependencies,
    IReadOnlyList<PackageName> RuntimeDependencies,
    int Level)
{
    public bool Host => Name.Host;

    public IEnumerable<PackageName> BuildDependencies => Dependencies.Concat(DevDependencies);
}

/// <summary>
/// The packages a profile needs and the order to build them: <see cref="Levels"/>[0] has no build dependencies in
/// the plan, and every package of level n depends only on lower levels, so a level builds in parallel.
/// <see cref="Packages"/> is ordered by level, then name.
/// </summary>
public sealed record PackagePlan(string Profile, IReadOnlyList<PlannedPackage> Packages, IReadOnlyList<IReadOnlyList<PackageName>> Levels)
{
    public PlannedPackage? Find(PackageName name) => Packages.FirstOrDefault(p => p.Name == name);

    public PlannedPackage? Find(string name) => PackageName.TryParse(name, out var parsed, out _) ? Find(parsed) : null;
}
