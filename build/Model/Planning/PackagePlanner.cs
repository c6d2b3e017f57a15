using RedoxBuild.Model.Profiles;
using RedoxBuild.Model.Recipes;
using RedoxBuild.Toml;

namespace RedoxBuild.Model.Planning;

/// <summary>
/// Computes a profile's package closure and its build levels. The closure starts from every [packages] entry whose
/// rule is not "ignore" and adds, recursively, each recipe's [build] dependencies, its dev-dependencies when it is
/// built from source (not "binary"), and its [package] dependencies. Only build-time edges order the levels;
/// runtime dependencies may form cycles, build dependencies may not. Recipes are parsed only when reached.
/// </summary>
public sealed class PackagePlanner(RecipeCatalog catalog, IModelDiagnostics diagnostics)
{
    public PackagePlan Plan(Profile profile) => Plan(profile.Name, profile.Packages.Values);

    public PackagePlan Plan(string profileName, IEnumerable<PackageSelection> selections)
    {
        var selected = selections.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.Last());
        var closure = new Closure(profileName);
        foreach (var selection in selected.Values.Where(s => s.Rule != PackageRule.Ignore).OrderBy(s => s.Name))
            closure.Reach(selection.Name, null, selection.Position);

        var resolved = new Dictionary<PackageName, Resolved>();
        while (closure.Next(out var name))
        {
            var package = Resolve(name, selected, closure);
            resolved.Add(name, package);
            foreach (var dependency in package.Build.Concat(package.Dev).Concat(package.Runtime))
                closure.Reach(dependency.Name, name, dependency.Position);
        }
        return Order(profileName, resolved);
    }

    private Resolved Resolve(PackageName name, IReadOnlyDictionary<PackageName, PackageSelection> selected, Closure closure)
    {
        var recipe = catalog.Find(name.Recipe) ?? throw Missing(name, closure);
        var rule = RuleFor(name, selected, closure);
        var template = rule == BuildRule.Binary ? "remote" : recipe.Build.Template.Name;
        if (name.Sub is { } sub)
        {
            var optional = recipe.FindOptionalPackage(sub) ?? throw new ModelException(closure.PositionOf(name),
                $"recipe \"{recipe.Name}\" has no optional package \"{sub}\" (needed by {closure.Chain(name)}); " +
                $"it declares {(recipe.OptionalPackages.Count == 0 ? "none" : string.Join(", ", recipe.OptionalPackages.Select(p => p.Name)))}");
            // The base recipe's build produces the optional package, so it is the one build-time edge.
            return new Resolved(name, rule, recipe, template, [new PackageReference(name.Base, optional.Position)], [], Map(name, optional.Dependencies));
        }
        return new Resolved(name, rule, recipe, template,
            Map(name, recipe.Build.Dependencies),
            rule == BuildRule.Binary ? [] : Map(name, recipe.Build.DevDependencies),
            Map(name, recipe.Package.Dependencies));
    }

    /// <summary>Inside a host build, everything it needs is built for the host too.</summary>
    private static IReadOnlyList<PackageReference> Map(PackageName owner, IReadOnlyList<PackageReference> dependencies) =>
        owner.Host ? dependencies.Select(d => d with { Name = d.Name.AsHost() }).ToArray() : dependencies;

    private BuildRule RuleFor(PackageName name, IReadOnlyDictionary<PackageName, PackageSelection> selected, Closure closure)
    {
        // Host tools are never downloaded: the binary repository only holds packages for the target.
        if (name.Host) return BuildRule.Source;
        if (!selected.TryGetValue(name, out var selection) && !(name.Sub is not null && selected.TryGetValue(name.Base, out selection)))
            return BuildRule.Source;
        switch (selection.Rule)
        {
            case PackageRule.Local: return BuildRule.Local;
            case PackageRule.Binary: return BuildRule.Binary;
            case PackageRule.Ignore:
                diagnostics.Warning($"package '{name}' is marked \"ignore\" in profile {closure.ProfileName}, but it is needed ({closure.Chain(name)}); it is built anyway", selection.Position);
                return BuildRule.Source;
            default: return BuildRule.Source;
        }
    }

    private ModelException Missing(PackageName name, Closure closure)
    {
        var roots = catalog.Index.Roots.Select(r => r.Label).ToList();
        var closest = Engine.EditDistance.Closest(name.Recipe, catalog.Index.All.Select(l => l.Name));
        return new ModelException(closure.PositionOf(name),
            $"no recipe named \"{name.Recipe}\"{(closest is null ? "" : $" (did you mean {closest}?)")} (needed by {closure.Chain(name)}); looked in {(roots.Count == 0 ? "no recipe folders" : string.Join(", ", roots))}. " +
            $"Add a {name.Recipe}/recipe.toml under recipes/, pass --cookbook with a Redox build-system checkout, or remove the dependency");
    }

    private static PackagePlan Order(string profileName, IReadOnlyDictionary<PackageName, Resolved> packages)
    {
        var levels = BuildLevels.Compute(packages.ToDictionary(p => p.Key, p => (IReadOnlyList<PackageReference>)p.Value.Build.Concat(p.Value.Dev).ToList()));
        var planned = packages.Values
            .Select(p => new PlannedPackage(p.Name, p.Rule, p.Recipe, p.Template,
                Names(p.Build), Names(p.Dev), Names(p.Runtime), levels[p.Name]))
            .OrderBy(p => p.Level).ThenBy(p => p.Name)
            .ToArray();
        var byLevel = planned.GroupBy(p => p.Level).OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<PackageName>)g.Select(p => p.Name).ToArray()).ToArray();
        return new PackagePlan(profileName, planned, byLevel);
    }

    private static IReadOnlyList<PackageName> Names(IReadOnlyList<PackageReference> references) => references.Select(r => r.Name).Distinct().ToArray();

    private sealed record Resolved(
        PackageName Name, BuildRule Rule, Recipe Recipe, string Template,
        IReadOnlyList<PackageReference> Build, IReadOnlyList<PackageReference> Dev, IReadOnlyList<PackageReference> Runtime);

    /// <summary>Breadth-first discovery, remembering who first asked for each package and where, for error messages.</summary>
    private sealed class Closure(string profileName)
    {
        private readonly Dictionary<PackageName, (PackageName? Parent, TomlPosition Position)> _reachedFrom = [];
        private readonly Queue<PackageName> _pending = new();

        public string ProfileName => profileName;

        public void Reach(PackageName name, PackageName? parent, TomlPosition position)
        {
            if (_reachedFrom.TryAdd(name, (parent, position))) _pending.Enqueue(name);
        }

        public bool Next(out PackageName name) => _pending.TryDequeue(out name);

        public TomlPosition PositionOf(PackageName name) => _reachedFrom[name].Position;

        /// <summary>"profile default -> ion -> liner": the shortest path from the profile to the package.</summary>
        public string Chain(PackageName name)
        {
            var path = new List<string>();
            for (PackageName? at = name; at is { } current; at = _reachedFrom[current].Parent)
                path.Add(current.ToString());
            path.Add($"profile {profileName}");
            path.Reverse();
            return string.Join(" -> ", path);
        }
    }
}
