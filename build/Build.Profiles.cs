using RedoxBuild.Engine;
using RedoxBuild.Model;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Model.Recipes;

// The parameters and loading shared by every target that works on a profile and its recipes (Plan; later Cook,
// DiskImage and the runners).
partial class Build
{
    [Parameter("Redox profile: a name from profiles/ (default, minimal, graphical, cloud) or a path to any Redox filesystem config (.toml, includes allowed).")]
    readonly string Profile = "default";

    [Parameter("A checkout of Redox's build system (gitlab.redox-os.org/redox-os/redox): recipes not in recipes/ are taken from its recipes/.")]
    readonly AbsolutePath? Cookbook;

    [Parameter("Extra recipe folders, searched before recipes/ (an earlier folder wins), e.g. recipes you are developing.", Separator = ',')]
    readonly AbsolutePath[] Recipes = [];

    [Parameter("Recipes to work on, comma-separated (Cook, Fetch, CleanRecipe; ExtractPatches, PrepareUpstream and FileUpstream take one).", Separator = ',')]
    readonly string[] Recipe = [];

    [Parameter("Write the target's result as JSON to this file (Plan, Cook).")]
    readonly AbsolutePath? Json;

    SourcePaths SourcePaths => new(RootDirectory);

    /// <summary>Writes --json when it is given (its folder is created); false when it is not.</summary>
    bool WriteJson(Func<string> text)
    {
        if (Json is null) return false;
        if (Json.DirectoryExists()) throw new BuildFailure($"--json {Json} is a folder; give a file path, e.g. --json {Json / "result.json"}.");
        try
        {
            Json.Parent?.CreateDirectory();
            File.WriteAllText(Json, text());
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BuildFailure($"--json {Json} cannot be written: {e.Message}", e);
        }
    }

    ProfileLocator Profiles => new(RootDirectory / "profiles", WorkingDirectory);

    /// <summary>The targets that read --profile (Fetch too when no --recipe is given).</summary>
    string[] ProfileTargets => [nameof(Plan), nameof(Packages), nameof(PublishCache), nameof(Initfs), nameof(DiskImage), nameof(LiveImage)];

    // A mistyped --profile, a broken profile or recipe, or an unknown --recipe fails before anything runs, not after the
    // toolchain was installed and half the recipes cooked.
    protected override void OnBuildInitialized()
    {
        if (TargetTripleProblem() is { } triple) throw new RequirementException([triple]);
        foreach (var target in For) ExecutionPlanner.Find(ExecutableTargets, target); // Doctor --for: a misspelled target is a usage error
        var scheduled = ExecutionPlan.Where(t => t.Status != ExecutionStatus.Skipped).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var fetchesRecipes = scheduled.Contains(nameof(Fetch)) && Recipe.Length > 0;
        if (scheduled.Overlaps(ProfileTargets) || scheduled.Contains(nameof(Fetch)) && !fetchesRecipes)
        {
            try
            {
                Profiles.Resolve(Profile);
            }
            catch (ModelException e)
            {
                throw new RequirementException([$"--profile {Profile}: {e.Message}"]);
            }
            PlanProfile(); // a broken profile or recipe, or an unknown package, fails here with its position
        }
        if (scheduled.Overlaps(CookingTargets)) CheckCookParameters();
        if (scheduled.Overlaps([nameof(Initfs), nameof(DiskImage), nameof(LiveImage)])) CheckImageParameters();
        if (scheduled.Overlaps(TreeWritingTargets)) LockTree(InvokedTargets.Select(t => t.Name)); // last: a run that fails its checks holds nothing
        // Cook and Fetch --recipe: unknown names and broken recipes fail before the toolchain is installed.
        if (scheduled.Contains(nameof(Cook)) && Recipe.Length > 0 || fetchesRecipes) RecipePlan();
    }


    IModelDiagnostics ModelDiagnostics => new LoggerDiagnostics(Logger);

    Profile? _profile;

    /// <summary>The profile named by --profile, includes merged and every value checked (loaded once per run).</summary>
    Profile LoadProfile()
    {
        if (_profile is not null) return _profile;
        var (name, path) = Profiles.Resolve(Profile);
        _profile = new ProfileLoader(SourcePaths, ModelDiagnostics).Load(name, path);
        Logger.Debug("Profile {Name} merged from {Files}", _profile.Name, string.Join(", ", _profile.Sources));
        return _profile;
    }

    /// <summary>Recipe roots in search order: --recipes folders, our recipes/, then --cookbook's recipes/.</summary>
    IReadOnlyList<RecipeRoot> RecipeRoots()
    {
        var roots = new List<RecipeRoot>();
        foreach (var extra in Recipes)
        {
            if (!extra.DirectoryExists()) throw new BuildFailure($"--recipes {extra}: no such folder");
            roots.Add(new RecipeRoot(extra, $"--recipes {SourcePaths.Display(extra)}"));
        }
        roots.Add(new RecipeRoot(RootDirectory / "recipes", "recipes/"));
        if (Cookbook is not null)
        {
            var recipes = Cookbook / "recipes";
            if (!recipes.DirectoryExists())
                throw new BuildFailure($"--cookbook {Cookbook} has no recipes/ folder; give the root of a Redox build-system checkout (git clone https://gitlab.redox-os.org/redox-os/redox)");
            roots.Add(new RecipeRoot(recipes, $"--cookbook {SourcePaths.Display(recipes)}"));
        }
        return roots;
    }

    RecipeCatalog CreateRecipeCatalog()
    {
        var diagnostics = ModelDiagnostics;
        var index = RecipeIndex.Build(RecipeRoots(), SourcePaths, diagnostics);
        Logger.Debug("Indexed {Count} recipes in {Roots}", index.Count, string.Join(", ", index.Roots.Select(r => r.Label)));
        return new RecipeCatalog(index, new RecipeReader(SourcePaths, diagnostics));
    }
}
