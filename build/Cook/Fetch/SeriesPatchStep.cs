using System.Security.Cryptography;
using System.Text;
using RedoxBuild.CliWrap;
using RedoxBuild.Cook.Keys;
using RedoxBuild.Engine;
using RedoxBuild.Model.Recipes;
using RedoxBuild.Model;
using RedoxBuild.Upstream;

namespace RedoxBuild.Cook.Fetch;

/// <summary>
/// Cook's patch step on top of the patch workflow's applier: recipe patches (patch -p1), then the source script, then
/// patches/&lt;recipe&gt;/ (git am), all built in a scratch worktree so a patch that no longer applies leaves the
/// checkout as it was, with a report naming the patch, file and hunk.
/// </summary>
public sealed class SeriesPatchStep(Processes processes, Serilog.ILogger logger, string patchesRoot, SourcePaths paths, IReadOnlySet<string>? withheld = null) : IPatchStep
{
    public string Identity(Recipe recipe, string? sourceScript)
    {
        var text = new StringBuilder();
        foreach (var patch in RecipePatches(recipe)) text.Append("recipe:").Append(Path.GetFileName(patch)).Append(':').Append(FileHash(patch)).Append('\n');
        text.Append("series:").Append(TreeHash.Of(Path.Combine(patchesRoot, recipe.Name))).Append('\n');
        text.Append("script:").Append(sourceScript ?? "").Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public async Task ApplyAsync(Recipe recipe, string checkout, string? sourceScript, string? upstreamUrl, string? upstreamBranch)
    {
        var seriesDirectory = Path.Combine(patchesRoot, recipe.Name);
        var series = Directory.Exists(seriesDirectory) ? PatchSeries.Load(seriesDirectory, paths) : new PatchSeries(seriesDirectory, [], false);
        var recipePatches = RecipePatches(recipe);
        if (processes.IsDryRun)
        {
            var steps = recipePatches.Select(p => $"patch -p1 < {paths.Display(p)}")
                .Concat(sourceScript is null ? [] : ["the recipe's source script"])
                .Concat(series.Patches.Select(p => $"git am {paths.Display(p.Path)}"));
            foreach (var step in steps) logger.Information("[dry-run] in {Checkout}: {Step}", paths.Display(checkout), step);
            return;
        }

        var head = (await processes.CaptureAsync(Cli.Wrap("git").WithArguments(["rev-parse", "HEAD"]).WithWorkingDirectory(checkout))).StandardOutput.Trim();
        var application = new PatchApplication(recipe.Name, head, recipePatches, series, upstreamUrl, upstreamBranch)
        {
            AfterRecipePatches = sourceScript is null ? null : dir => RunSourceScriptAsync(recipe, dir, sourceScript),
        };
        await new PatchSeriesApplier(processes, checkout, paths).ApplyToCheckoutAsync(application, new GitSourceInfoStore());
    }

    private Task RunSourceScriptAsync(Recipe recipe, string directory, string script) =>
        processes.RunAsync(Cli.Wrap("bash").WithArguments(["-e", "-x", "-c", script]).WithWorkingDirectory(directory)
            .WithEnvironmentVariables(e =>
            {
                // A recipe's source script is the recipe's code like its build script: it gets none of the build's secrets.
                foreach (var name in withheld ?? new HashSet<string>()) e.Unset(name);
                e.Set("COOKBOOK_SOURCE", directory).Set("COOKBOOK_RECIPE", recipe.Directory).Set("COOKBOOK_NAME", recipe.Name);
            }));

    private static IReadOnlyList<string> RecipePatches(Recipe recipe) =>
        (recipe.Source switch { GitSource g => g.Patches, TarSource t => t.Patches, _ => [] })
        .Select(p => Path.GetFullPath(p, recipe.Directory)).ToList();

    private static string FileHash(string path) =>
        File.Exists(path) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))[..16] : "missing";
}
