using RedoxBuild.Model;
using RedoxBuild.Model.Recipes;

namespace RedoxBuild.Tests.Model;

/// <summary>Finding recipes by directory name across ordered roots, without parsing them.</summary>
public class RecipeIndexSpecs : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly DiagnosticBag _diagnostics = new();

    public void Dispose() => _tree.Dispose();

    private RecipeIndex Index(params string[] roots) =>
        RecipeIndex.Build(roots.Select(r => new RecipeRoot(_tree.PathOf(r), r + "/")).ToList(), _tree.Paths, _diagnostics);

    [Fact]
    public void A_recipe_is_named_after_its_directory_at_any_depth()
    {
        _tree.Recipe("ours/core/kernel");
        _tree.Recipe("ours/a/b/c/d/deep-one");
        _tree.Recipe("ours/flat");

        var index = Index("ours");

        index.All.Select(l => l.Name).Should().Equal("deep-one", "flat", "kernel");
        index.TryFind("kernel", out var kernel).Should().BeTrue();
        kernel.Directory.Should().Be(_tree.PathOf("ours/core/kernel"));
        kernel.File.Should().Be(_tree.PathOf("ours/core/kernel/recipe.toml"));
        kernel.Root.Label.Should().Be("ours/");
        index.TryFind("core", out _).Should().BeFalse();
    }

    [Fact]
    public void The_walk_stops_at_a_recipe_and_skips_hidden_folders()
    {
        _tree.Recipe("ours/redox");
        _tree.Recipe("ours/redox/source/recipes/core/kernel"); // a fetched checkout holding a whole cookbook
        _tree.Recipe("ours/.git/modules/hidden");

        Index("ours").All.Select(l => l.Name).Should().Equal("redox");
    }

    [Fact]
    public void An_earlier_root_wins_and_the_override_is_a_detail_not_a_warning()
    {
        _tree.Recipe("extra/ion");
        _tree.Recipe("ours/core/ion");
        _tree.Recipe("cookbook/recipes/core/ion");
        _tree.Recipe("cookbook/recipes/core/kernel");

        var index = Index("extra", "ours", "cookbook/recipes");

        index.TryFind("ion", out var ion).Should().BeTrue();
        ion.Directory.Should().Be(_tree.PathOf("extra/ion"));
        index.TryFind("kernel", out var kernel).Should().BeTrue();
        kernel.Root.Label.Should().Be("cookbook/recipes/");
        _diagnostics.Warnings.Should().BeEmpty();
        _diagnostics.Details.Should().Equal(
            "recipe 'ion' from extra/ (extra/ion) overrides ours/core/ion",
            "recipe 'ion' from extra/ (extra/ion) overrides cookbook/recipes/core/ion");
    }

    [Fact]
    public void A_name_twice_in_one_root_is_a_warning_naming_both_and_the_first_path_wins()
    {
        _tree.Recipe("ours/shells/ion");
        _tree.Recipe("ours/core/ion");

        var index = Index("ours");

        index.TryFind("ion", out var ion).Should().BeTrue();
        ion.Directory.Should().Be(_tree.PathOf("ours/core/ion"));
        _diagnostics.Warnings.Select(w => w.Message).Should().Equal(
            "recipe 'ion' is defined 2 times in ours/: ours/core/ion, ours/shells/ion; using ours/core/ion (the first in path order); rename or delete the others");
    }

    [Fact]
    public void A_missing_root_is_empty_and_a_root_may_itself_be_one_recipe()
    {
        _tree.Recipe("single/my-tool");

        Index("nowhere").Count.Should().Be(0);
        Index("single/my-tool").All.Single().Name.Should().Be("my-tool");
    }

    [Fact]
    public void The_catalog_parses_a_recipe_only_when_asked_and_only_once()
    {
        _tree.Recipe("ours/good", "[build]\ntemplate = \"cargo\"\n");
        _tree.Recipe("ours/broken", "[build]\ntemplate = \"go\"\n");
        var catalog = new RecipeCatalog(Index("ours"), new RecipeReader(_tree.Paths, _diagnostics));

        var good = catalog.Find("good");

        good!.Build.Template.Name.Should().Be("cargo");
        catalog.Find("good").Should().BeSameAs(good);
        catalog.LoadedCount.Should().Be(1);
        catalog.Find("missing").Should().BeNull();
        FluentActions.Invoking(() => catalog.Find("broken")).Should().Throw<ModelException>()
            .WithMessage("ours/broken/recipe.toml:2:12: unknown template \"go\"*");
    }
}
