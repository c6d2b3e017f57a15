using System.Text.Json;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.EndToEnd;

/// <summary>
/// A temporary repository root for real cooks on the host triple: an empty recipes/, a --recipes folder the test
/// fills, a private source cache, and helpers to write recipes, make git sources and run ./build.sh Cook in-process.
/// </summary>
internal sealed class CookFixture : IDisposable
{
    public CookFixture()
    {
        Root = BuildHarness.CreateTemporaryRoot();
        Directory.CreateDirectory(Path.Combine(Root, "recipes"));
        Recipes = Directory.CreateDirectory(Path.Combine(Root, "test-recipes")).FullName;
    }

    public string Root { get; }
    public string Recipes { get; }
    public string Cache => Path.Combine(Root, "cache");
    public string Json => Path.Combine(Root, "cook.json");
    public string BinaryCache => Path.Combine(Root, "binary-cache");

    public string Recipe(string name, string toml)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Recipes, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "recipe.toml"), toml);
        return dir;
    }

    /// <summary>A local git repository holding a fixture project; returns (path URL, commit).</summary>
    public (string Url, string Commit) GitSource(string name, string fixture)
    {
        var repo = GitRepo.Create(Path.Combine(Root, "upstreams"), name);
        CopyFixture(fixture, repo.Work);
        return (repo.Bare, repo.Commit("import " + fixture));
    }

    public static void CopyFixture(string fixture, string destination)
    {
        var from = Path.Combine(RepoPaths.Root, "tests", "Build.Tests", "Cook", "Fixtures", fixture);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
    }

    public Task<BuildHarness.Result> CookAsync(params string[] extra) => RunAsync("Cook", extra);

    /// <summary>Any target with the fixture's host-triple cook settings (recipes folder, caches, JSON, jobs).</summary>
    public Task<BuildHarness.Result> RunAsync(string target, params string[] extra) =>
        BuildHarness.RunAsync(Root, [target, "--target-triple", "x86_64-unknown-linux-gnu", "--recipes", Recipes, "--source-cache", Cache, "--jobs", "2", "--json", Json, "--cache-dir", BinaryCache, .. extra],
            new Dictionary<string, string>
            {
                ["HOME"] = System.Environment.GetEnvironmentVariable("HOME") ?? "/root",
                ["GIT_AUTHOR_NAME"] = "Ada Author", ["GIT_AUTHOR_EMAIL"] = "ada@example.invalid",
                ["GIT_COMMITTER_NAME"] = "Ada Author", ["GIT_COMMITTER_EMAIL"] = "ada@example.invalid",
            });

    public IReadOnlyList<JsonElement> Results() => JsonDocument.Parse(File.ReadAllText(Json)).RootElement.EnumerateArray().ToList();

    public JsonElement Result(string name) => Results().Single(r => r.GetProperty("name").GetString() == name);

    public string Stage(string name) => Result(name).GetProperty("stage_dir").GetString()!;

    public static string Run(string path, params string[] args) => GitRepo.RunTool(Path.GetDirectoryName(path)!, path, args).Trim();

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
