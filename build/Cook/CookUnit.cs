using RedoxBuild.Cook.Scripting;
using RedoxBuild.Model;
using RedoxBuild.Model.Planning;
using RedoxBuild.Model.Recipes;

namespace RedoxBuild.Cook;

/// <summary>
/// One recipe build: a recipe for one platform (the target, or the host for host: packages). Optional packages
/// (recipe.sub) are files of their base recipe's output, so they share its unit.
/// </summary>
public sealed record CookUnit(PackageName Name, Recipe Recipe, BuildRule Rule, TargetPlatform Platform, IReadOnlyList<PackageName> BuildDependencies)
{
    /// <summary>"relibc" or "host:redoxfs": the name in logs, JSON and the scheduler.</summary>
    public string Id => Name.ToString();

    /// <summary>The units of a plan in build order (level by level), .sub packages folded into their base.</summary>
    public static IReadOnlyList<CookUnit> FromPlan(PackagePlan plan, TargetPlatform target)
    {
        var units = new Dictionary<PackageName, CookUnit>();
        foreach (var package in plan.Packages.OrderBy(p => p.Level).ThenBy(p => p.Name))
        {
            var name = package.Name.Base;
            var dependencies = package.BuildDependencies.Select(d => d.Base).Where(d => d != name).Distinct().Order().ToList();
            if (units.TryGetValue(name, out var existing))
            {
                units[name] = existing with { BuildDependencies = existing.BuildDependencies.Union(dependencies).Order().ToList() };
                continue;
            }
            units[name] = new CookUnit(name, package.Recipe, package.Rule, package.Host ? TargetPlatform.Host : target, dependencies);
        }
        return [.. units.Values];
    }
}
