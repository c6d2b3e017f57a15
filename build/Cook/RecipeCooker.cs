using System.Diagnostics;
using RedoxBuild.Cook.Keys;
using RedoxBuild.Cook.Scripting;
using RedoxBuild.Cook.Staging;
using RedoxBuild.Model;
using Serilog;

namespace RedoxBuild.Cook;

/// <summary>
/// Builds one keyed unit: assembles its sysroot (build dependencies of its platform) and toolchain (host tools),
/// runs its template script into a temporary stage, publishes the stage under its key and records the key. The build
/// tree is kept between builds for tool-level incrementality (cargo, make) unless something beyond the source changed.
/// </summary>
public sealed class RecipeCooker(CookLayout layout, CookOptions options, ScriptRunner scripts, StageStore stages, ILogger logger, bool dryRun)
{
    /// <summary>Inputs whose change makes an old build tree untrustworthy (compiler caches, configure results, rpaths).</summary>
    private static readonly string[] WipeOn = ["target", "template", "toolchain", "helpers", "strip", "environment"];

    public async Task<StagedOutput?> CookAsync(KeyedUnit keyed, string source, IReadOnlyDictionary<PackageName, StagedOutput> built, string hostPath)
    {
        var unit = keyed.Unit;
        var work = layout.RecipeWork(unit.Platform, unit.Recipe.Name);
        var temporary = dryRun ? Path.Combine(layout.Stages, ".tmp", keyed.Key.Hex) : stages.BeginTemporary(keyed.Key.Hex);
        var paths = new CookPaths(layout.Root, unit.Recipe.Directory, source, Path.Combine(work, "build"), Path.Combine(temporary, "stage"),
            Path.Combine(work, "sysroot"), Path.Combine(work, "toolchain"), Path.Combine(work, "cook.log"));
        var sysrootDeps = unit.BuildDependencies.Where(d => d.Host == unit.Name.Host).Select(d => built.GetValueOrDefault(d)).OfType<StagedOutput>().ToList();
        var toolDeps = unit.BuildDependencies.Where(d => d.Host).Select(d => built.GetValueOrDefault(d)).OfType<StagedOutput>().ToList();

        if (dryRun)
        {
            logger.Information("[dry-run] {Unit}: sysroot from {Sysroot}, toolchain from {Tools}, stage {Stage}", unit.Id,
                Names(unit.BuildDependencies.Where(d => d.Host == unit.Name.Host)), Names(unit.BuildDependencies.Where(d => d.Host)), paths.Stage);
            await scripts.RunAsync(unit.Recipe.Name, paths, Settings(unit, keyed), TemplateScripts.For(unit.Recipe.Build.Template), hostPath);
            return null;
        }

        PrepareWorkDirectory(keyed, work, paths);
        foreach (var conflict in Sysroot.Assemble(paths.Sysroot, sysrootDeps).Concat(Sysroot.Assemble(paths.Toolchain, toolDeps)))
            logger.Warning("{Unit}: sysroot conflict {Conflict}", unit.Id, conflict);

        var stopwatch = Stopwatch.StartNew();
        try
        {
            await scripts.RunAsync(unit.Recipe.Name, paths, Settings(unit, keyed), TemplateScripts.For(unit.Recipe.Build.Template), hostPath);
        }
        catch
        {
            // A failed build must not leave a half stage anywhere a later run could trust; the build tree and log stay.
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
            throw;
        }
        var output = stages.Commit(temporary, keyed.Key.Hex, unit.Id, unit.Platform.Triple, stopwatch.Elapsed.TotalSeconds);
        await File.WriteAllTextAsync(Path.Combine(work, "key.json"), keyed.Key.ToJson());
        return output;
    }

    private CookSettings Settings(CookUnit unit, KeyedUnit keyed) =>
        new(unit.Platform, options.Jobs, options.Offline, unit.Platform.IsHost ? null : options.ToolchainBin, Strip: options.Strip, SourceIdentity: keyed.Source.Identity,
            Sccache: options.Sccache, ExtraEnvironment: options.ExtraEnvironment, Withheld: options.WithheldEnvironment);

    private void PrepareWorkDirectory(KeyedUnit keyed, string work, CookPaths paths)
    {
        var changed = keyed.Key.DescribeChangesFrom(keyed.Previous);
        var wipe = keyed.Previous is null || changed.Any(c => WipeOn.Any(w => c.StartsWith(w + ":", StringComparison.Ordinal)) || c.StartsWith("dep.", StringComparison.Ordinal));
        if (wipe && Directory.Exists(paths.Build)) Directory.Delete(paths.Build, recursive: true);
        Directory.CreateDirectory(work);
        File.WriteAllText(paths.Log, ""); // one log per attempt
    }

    private static string Names(IEnumerable<PackageName> names)
    {
        var list = names.Select(n => n.ToString()).ToList();
        return list.Count == 0 ? "nothing" : string.Join(", ", list);
    }
}
