using RedoxBuild.Model;
using RedoxBuild.Model.Planning;
using RedoxBuild.Model.Profiles;

namespace RedoxBuild.Image.Assembly;

/// <summary>
/// Which packages go into the root tree, in the order the installer puts them there: every [packages] entry that is
/// not "ignore", in name order, each followed depth-first by its [package] (runtime) dependencies not installed yet.
/// Build and dev dependencies are not installed, and host packages never are. Later packages replace earlier files.
/// </summary>
public static class PackageInstallOrder
{
    public static IReadOnlyList<PlannedPackage> For(Profile profile, PackagePlan plan)
    {
        var order = new List<PlannedPackage>();
        var installed = new HashSet<PackageName>();
        foreach (var selection in profile.Packages.Values.Where(p => p.Rule != PackageRule.Ignore).OrderBy(p => p.Name.ToString(), StringComparer.Ordinal))
            Install(selection.Name, plan, installed, order, $"[packages] of profile {profile.Name}");
        return order;
    }

    private static void Install(PackageName name, PackagePlan plan, HashSet<PackageName> installed, List<PlannedPackage> order, string neededBy)
    {
        if (name.Host || !installed.Add(name)) return;
        var package = plan.Find(name) ?? throw new ImageException($"package {name} (needed by {neededBy}) is not in the package plan; run ./build.sh Plan --profile to see why");
        order.Add(package);
        foreach (var dependency in package.RuntimeDependencies) Install(dependency, plan, installed, order, name.ToString());
    }
}
