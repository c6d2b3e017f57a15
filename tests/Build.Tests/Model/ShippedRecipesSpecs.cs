using System.Text.RegularExpressions;
using RedoxBuild.Cook.Toolchains;
using RedoxBuild.Model;
using RedoxBuild.Model.Planning;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Model.Recipes;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Model;

/// <summary>The repository's recipes/ and profiles/: parse cleanly, pinned to pins.md, and exactly what the profiles need.</summary>
public class ShippedRecipesSpecs
{
    private static readonly SourcePaths Paths = new(RepoPaths.Root);
    private readonly DiagnosticBag _diagnostics = new();

    private RecipeCatalog Catalog() =>
        new(RecipeIndex.Build([new RecipeRoot(Path.Combine(RepoPaths.Root, "recipes"), "recipes/")], Paths, _diagnostics), new RecipeReader(Paths, _diagnostics));

    private List<Recipe> AllRecipes()
    {
        var catalog = Catalog();
        return catalog.Index.All.Select(l => catalog.Find(l.Name)!).ToList();
    }

    [Fact]
    public void Every_recipe_parses_without_a_warning()
    {
        var recipes = AllRecipes();

        recipes.Should().HaveCountGreaterThan(40);
        _diagnostics.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Every_git_source_is_pinned_to_its_commit_in_pins_md_with_the_branch_it_came_from()
    {
        var pins = File.ReadLines(RepoPaths.RequireShared("reference/pins.md"))
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains("http", StringComparison.Ordinal))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .Select(c => (Url: c[1], Rev: c[2], Ref: c[4]))
            .ToList();

        var followingBranches = new List<string>();
        foreach (var recipe in AllRecipes())
        {
            if (recipe.Source is not GitSource git) continue;
            if (git.Rev is null)
            {
                // pins.md has no commit for Redox's binutils and gcc forks: they follow their branch, pinned in recipes.lock on first fetch.
                git.Branch.Should().NotBeNull($"{recipe.Name} follows a branch it names");
                followingBranches.Add(recipe.Name);
                continue;
            }
            // Some repositories have two pins (base and base-orbital-compat): the recipe must use one of them.
            pins.Where(p => p.Url == git.Url).Select(p => p.Rev).Should().Contain(git.Rev, $"{recipe.Name} is pinned to a commit pins.md lists for {git.Url}");
            var pin = pins.Single(p => p.Url == git.Url && p.Rev == git.Rev);
            var isTag = Regex.IsMatch(pin.Ref, @"^v?\d");
            git.Branch.Should().Be(pin.Ref.Length == 0 || isTag ? null : pin.Ref, $"{recipe.Name} names the branch pins.md took the commit from");
        }
        followingBranches.Should().BeEquivalentTo("binutils-gdb", "gcc13");
    }

    [Fact]
    public void Every_tarball_is_a_versioned_release_whose_blake3_is_recorded_on_first_fetch()
    {
        var tarballs = AllRecipes().Where(r => r.Source is TarSource).ToList();

        tarballs.Select(r => r.Name).Should().Contain(["curl", "bash", "gnu-make", "sed", "diffutils", "patch", "git"]);
        foreach (var recipe in tarballs)
        {
            var tar = (TarSource)recipe.Source!;
            tar.Url.Should().MatchRegex(@"^https://.*-\d+\.\d+(\.\d+)?\.tar\.(gz|xz)$");
            tar.Blake3.Should().BeNull();
            File.ReadAllText(recipe.File).Should().Contain("# blake3 recorded in recipes.lock on first fetch");
        }
    }

    [Fact]
    public void The_core_components_build_the_way_upstream_describes()
    {
        var recipes = AllRecipes().ToDictionary(r => r.Name);
        string Script(string name) => recipes[name].Build.Template.Should().BeOfType<CustomTemplate>().Which.Script;

        Script("kernel").Should().Contain("install BUILD=\"${COOKBOOK_BUILD}\" DESTDIR=\"${COOKBOOK_STAGE}\"");
        Script("relibc").Should().Contain("DESTDIR=\"${COOKBOOK_STAGE}/usr\" install");
        Script("bootloader").Should().Contain("x86-unknown-none").And.Contain("-unknown-uefi").And.Contain("bootloader-live");
        Script("base").Should().Contain("install-base").And.Contain("LINKER=\"${GNU_TARGET}-ld\"").And.Contain("CARGO=\"${COOKBOOK_CARGO}\"");
        recipes["base"].Build.Dependencies.Select(d => d.ToString()).Should().Equal("redoxfs");
        recipes["libgcc"].Source.Should().BeNull();
        recipes["libstdcxx"].Source.Should().BeNull();
        recipes["helix"].Build.Template.Should().BeOfType<CargoTemplate>().Which.Packages.Should().Equal("helix-term");
        recipes["extrautils"].Build.Dependencies.Select(d => d.ToString()).Should().Equal("xz");
    }

    [Fact]
    public void The_recipes_are_exactly_what_the_four_profiles_need_plus_the_host_tools_and_the_toolchain_from_source()
    {
        var catalog = Catalog();
        var planner = new PackagePlanner(catalog, _diagnostics);
        var needed = new[] { "default", "minimal", "graphical", "cloud" }
            .Select(p => new ProfileLoader(Paths, _diagnostics).Load(p, Path.Combine(RepoPaths.Root, "profiles", p + ".toml")))
            .SelectMany(p => planner.Plan(p).Packages.Select(x => x.Recipe.Name))
            .ToHashSet();

        // The host tools images are made with (HostTools), which no image carries.
        needed.Add("installer");
        needed.Add("redox-initfs-tools");
        // What Toolchain --toolchain-from-source cooks.
        needed.UnionWith(SourceToolchain.HostRecipes.Concat(SourceToolchain.TargetRecipes).Select(n => PackageName.Parse(n).Recipe));
        catalog.Index.All.Select(l => l.Name).Should().BeEquivalentTo(needed);
        _diagnostics.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void The_profiles_carry_the_settings_of_their_nix_redox_counterparts()
    {
        Profile Load(string name) => new ProfileLoader(Paths, _diagnostics).Load(name, Path.Combine(RepoPaths.Root, "profiles", name + ".toml"));

        var development = Load("default");
        development.Network.Mode.Should().Be(NetworkMode.Auto);
        development.Vm.Should().BeEquivalentTo(new { Runner = VmRunner.CloudHypervisor, Cpus = 4, Memory = Engine.ByteSize.FromMiB(2048) });
        development.General.FilesystemSize.Should().Be(768);
        development.General.Prompt.Should().BeFalse();
        development.Users.Keys.Should().Equal("root", "user");
        development.Groups["sudo"].Members.Should().Equal("user");

        var minimal = Load("minimal");
        minimal.Network.Mode.Should().Be(NetworkMode.None);
        minimal.Packages.Keys.Should().Contain(["ion", "uutils", "kernel", "relibc"]).And.NotContain("helix");

        var graphical = Load("graphical");
        graphical.Hardware.Should().BeEquivalentTo(new { GraphicsEnabled = true, AudioEnabled = true });
        graphical.General.FilesystemSize.Should().Be(1024);
        graphical.Image.InitfsMaxSize.Should().Be(128);
        graphical.Users.Values.Select(u => u.Password).Should().Equal("redox", "redox");

        var cloud = Load("cloud");
        cloud.Network.Should().BeEquivalentTo(new { Mode = NetworkMode.Static });
        cloud.Network.Address!.ToString().Should().Be("172.16.0.2/24");
        cloud.Network.Gateway!.ToString().Should().Be("172.16.0.1");
        cloud.Hardware.Storage.Should().Equal(StorageDriver.VirtioBlkd, StorageDriver.VirtioFsd);
        cloud.Hardware.Network.Should().Equal(NetworkDriver.VirtioNetd);
        cloud.Vm.Should().BeEquivalentTo(new { Runner = VmRunner.CloudHypervisor, Tap = true, DirectIo = true });
        _diagnostics.Warnings.Should().BeEmpty();
    }
}
