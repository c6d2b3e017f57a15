using System.Text.Json;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Model;

/// <summary>The Plan target run in-process against a copy of the repository's profiles/ and recipes/.</summary>
public class PlanTargetSpecs : IDisposable
{
    private static readonly string[] PackageProperties = ["name", "rule", "recipe_dir", "template", "dependencies", "dev_dependencies", "runtime_dependencies", "host"];

    private readonly string _root = BuildHarness.CreateTemporaryRoot();

    public PlanTargetSpecs()
    {
        CopyDirectory(Path.Combine(RepoPaths.Root, "profiles"), Path.Combine(_root, "profiles"));
        CopyDirectory(Path.Combine(RepoPaths.Root, "recipes"), Path.Combine(_root, "recipes"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<BuildHarness.Result> Run(params string[] args) => BuildHarness.RunAsync(_root, ["Plan", "--no-logo", .. args]);

    [Theory]
    [InlineData("default", 41)]
    [InlineData("minimal", 12)]
    [InlineData("graphical", 45)]
    [InlineData("cloud", 41)]
    public async Task Every_shipped_profile_plans_against_our_recipes_without_a_warning(string profile, int packages)
    {
        var result = await Run("--profile", profile);

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain($"Profile {profile} (").And.Contain($": {packages} packages in ");
        result.Out.Should().NotContain("[WRN]").And.NotContain("[ERR]");
    }

    [Fact]
    public async Task The_graphical_profile_adds_the_desktop_to_the_development_packages()
    {
        var json = Path.Combine(_root, "graphical.json");
        var result = await Run("--profile", "graphical", "--json", json);

        result.ExitCode.Should().Be(0, result.Out);
        var names = Names(json);
        names.Should().Contain(["orbital", "orbterm", "orbutils", "orbdata", "helix", "git", "curl", "kernel", "relibc", "bootloader", "base", "redoxfs"]);
        names.Should().NotContain(["snix", "gdbstub", "netcfg-setup"]);
    }

    [Fact]
    public async Task The_json_of_the_minimal_profile_matches_the_golden_file()
    {
        var json = Path.Combine(_root, "out", "plan.json");

        var result = await Run("--profile", "minimal", "--json", json);

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain("Wrote the plan to out/plan.json");
        Golden.AssertMatches("tests/Build.Tests/Model/Golden/plan-minimal.json", File.ReadAllText(json));
    }

    [Fact]
    public async Task The_json_has_exactly_the_documented_shape()
    {
        var json = Path.Combine(_root, "plan.json");
        (await Run("--profile", "default", "--json", json)).ExitCode.Should().Be(0);

        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var top = document.RootElement;
        top.EnumerateObject().Select(p => p.Name).Should().Equal("profile", "packages", "levels");
        top.GetProperty("profile").GetString().Should().Be("default");
        var packages = top.GetProperty("packages").EnumerateArray().ToList();
        foreach (var package in packages)
        {
            package.EnumerateObject().Select(p => p.Name).Should().Equal(PackageProperties);
            package.GetProperty("rule").GetString().Should().BeOneOf("source", "local", "binary");
            package.GetProperty("recipe_dir").GetString().Should().StartWith("recipes/");
            package.GetProperty("host").ValueKind.Should().BeOneOf(JsonValueKind.True, JsonValueKind.False);
            foreach (var list in new[] { "dependencies", "dev_dependencies", "runtime_dependencies" })
                package.GetProperty(list).EnumerateArray().All(e => e.ValueKind == JsonValueKind.String).Should().BeTrue();
        }
        var levels = top.GetProperty("levels").EnumerateArray().Select(l => l.EnumerateArray().Select(e => e.GetString()!).ToList()).ToList();
        levels.Should().OnlyContain(level => level.SequenceEqual(level.Order(StringComparer.Ordinal)));
        levels.SelectMany(l => l).Should().BeEquivalentTo(packages.Select(p => p.GetProperty("name").GetString()));
        levels.Last().Should().Equal("git");
    }

    [Fact]
    public async Task An_unchanged_upstream_config_plans_with_a_cookbook_checkout()
    {
        var upstream = ModelFixtures.PathOf("upstream");
        var json = Path.Combine(_root, "upstream.json");
        Directory.Delete(Path.Combine(_root, "recipes"), recursive: true);

        var result = await Run("--profile", Path.Combine(upstream, "config", "minimal.toml"), "--cookbook", upstream, "--json", json);

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().NotContain("[WRN]");
        // The 19 recipes of upstream's minimal closure: base's 10, minimal's 7, xz for extrautils, redoxfs for base.
        // The fixture cookbook also holds wip/broken (an invalid template): never reached, so never parsed.
        Names(json).Should().BeEquivalentTo(
            "base", "bootloader", "kernel", "libgcc", "libstdcxx", "netdb", "netutils", "relibc", "userutils", "uutils",
            "ca-certificates", "coreutils", "extrautils", "ion", "kibi", "pkgutils", "uutils-procps", "xz", "redoxfs");
    }

    [Fact]
    public async Task A_relative_profile_path_resolves_from_the_working_directory()
    {
        File.Copy(Path.Combine(_root, "profiles", "minimal.toml"), Path.Combine(_root, "mine.toml"));
        File.WriteAllText(Path.Combine(_root, "mine.toml"), File.ReadAllText(Path.Combine(_root, "mine.toml")).Replace("include/base.toml", "profiles/include/base.toml"));

        var result = await Run("--profile", "mine.toml");

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain("Profile mine.toml (profiles/include/base.toml + mine.toml): 12 packages");
    }

    [Fact]
    public async Task Recipes_from_extra_folders_win_and_a_missing_one_names_the_chain()
    {
        var mine = Path.Combine(_root, "my-recipes", "ion");
        Directory.CreateDirectory(mine);
        File.WriteAllText(Path.Combine(mine, "recipe.toml"), "[build]\ntemplate = \"cargo\"\ndependencies = [\"liner\"]\n");

        var result = await Run("--profile", "minimal", "--recipes", Path.Combine(_root, "my-recipes"));

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain(
            "my-recipes/ion/recipe.toml:3:17: no recipe named \"liner\" (needed by profile minimal -> ion -> liner); looked in --recipes my-recipes, recipes/.");
    }

    [Fact]
    public async Task An_unknown_profile_fails_listing_the_available_ones()
    {
        var result = await Run("--profile", "desktop");

        result.ExitCode.Should().Be(2, "a wrong parameter value is a usage error");
        result.Out.Should().Contain("--profile desktop: unknown profile \"desktop\"; available profiles: cloud, default, graphical, minimal, or give a path to a .toml file");
    }

    [Fact]
    public async Task An_unknown_profile_stops_the_build_before_any_target_runs()
    {
        var result = await BuildHarness.RunAsync(_root, ["DiskImage", "--profile", "desktop", "--target-triple", "x86_64-unknown-redox"]);

        result.ExitCode.Should().Be(2);
        result.Out.Should().Contain("unknown profile \"desktop\"").And.NotContain("Toolchain", "the toolchain must not be installed for a build that cannot succeed");
    }

    [Fact]
    public async Task A_toml_error_fails_with_an_annotation_at_its_position_on_github_actions()
    {
        var minimal = Path.Combine(_root, "profiles", "minimal.toml");
        var lines = File.ReadAllLines(minimal).Length;
        File.AppendAllText(minimal, "\n[vm]\ncpus = 2\n");

        var result = await BuildHarness.RunAsync(_root, ["Plan", "--profile", "minimal"], new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true" });

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain($"::error file=profiles/minimal.toml,line={lines + 2},col=2::profiles/minimal.toml:{lines + 2}:2: table [vm] is already defined at profiles/minimal.toml:");
    }

    [Fact]
    public async Task A_broken_profile_stops_DiskImage_before_the_toolchain_or_any_cook_runs()
    {
        File.AppendAllText(Path.Combine(_root, "profiles", "minimal.toml"), "\n[hardware]\nstorage = []\n");

        var result = await BuildHarness.RunAsync(_root, ["DiskImage", "--profile", "minimal", "--target-triple", "x86_64-unknown-redox"]);

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("'storage' in [hardware] needs at least one driver").And.NotContain("Toolchain").And.NotContain("rustup");
    }

    [Fact]
    public async Task An_unknown_recipe_stops_Cook_before_the_toolchain_runs()
    {
        var result = await BuildHarness.RunAsync(_root, ["Cook", "--recipe", "nosuchrecipe", "--target-triple", "x86_64-unknown-redox"]);

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("no recipe named \"nosuchrecipe\"").And.NotContain("Toolchain");
    }

    [Fact]
    public async Task A_misspelled_recipe_is_answered_with_the_recipe_it_is_closest_to()
    {
        var result = await BuildHarness.RunAsync(_root, ["Cook", "--recipe", "ionn", "--target-triple", "x86_64-unknown-redox"]);

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("no recipe named \"ionn\" (did you mean ion?)");
    }

    [Fact]
    public async Task A_setting_that_cannot_work_fails_at_its_position()
    {
        var minimal = Path.Combine(_root, "profiles", "minimal.toml");
        var lines = File.ReadAllLines(minimal).Length;
        File.AppendAllText(minimal, "\n[hardware]\nstorage = []\n");

        var result = await Run("--profile", "minimal");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain($"[ERR] profiles/minimal.toml:{lines + 3}:11: 'storage' in [hardware] needs at least one driver, or the system cannot find its root filesystem");
    }

    [Fact]
    public async Task A_warning_names_the_file_and_is_annotated_on_github_actions()
    {
        File.AppendAllText(Path.Combine(_root, "recipes", "core", "ion", "recipe.toml"), "\n[package]\nlicence = \"MIT\"\n");

        var result = await BuildHarness.RunAsync(_root, ["Plan", "--profile", "minimal"], new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true" });

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().MatchRegex(@"::warning file=recipes/core/ion/recipe\.toml,line=\d+,col=1::recipes/core/ion/recipe\.toml:\d+:1: unknown key 'licence' in \[package\]");
    }

    [Fact]
    public async Task A_cookbook_without_recipes_and_a_missing_recipe_folder_are_refused()
    {
        (await Run("--cookbook", _root + "/profiles")).Out.Should().Contain($"--cookbook {_root}/profiles has no recipes/ folder");
        (await Run("--recipes", _root + "/none")).Out.Should().Contain($"--recipes {_root}/none: no such folder");
    }

    private static List<string> Names(string json)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        return document.RootElement.GetProperty("packages").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
