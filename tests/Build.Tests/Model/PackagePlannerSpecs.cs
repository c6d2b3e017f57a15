using RedoxBuild.Model;
using RedoxBuild.Model.Planning;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Model.Recipes;
using RedoxBuild.Toml;

namespace RedoxBuild.Tests.Model;

/// <summary>Closure and build levels over the fixture tree Fixtures/planner (one small recipe per situation).</summary>
public class PackagePlannerSpecs
{
    private readonly DiagnosticBag _diagnostics = new();
    private readonly RecipeCatalog _catalog;

    public PackagePlannerSpecs() => _catalog = ModelFixtures.Catalog("planner", _diagnostics);

    /// <summary>Plans profile "test" selecting "name" or "name=rule" entries.</summary>
    private PackagePlan Plan(params string[] packages)
    {
        var selections = packages.Select((p, i) =>
        {
            var parts = p.Split('=');
            var rule = parts.Length > 1 ? Enum.Parse<PackageRule>(parts[1], ignoreCase: true) : PackageRule.Default;
            return new PackageSelection(PackageName.Parse(parts[0]), rule, null, new TomlPosition("test.toml", i + 2, 1));
        });
        return new PackagePlanner(_catalog, _diagnostics).Plan("test", selections);
    }

    private string Refusal(params string[] packages) => FluentActions.Invoking(() => Plan(packages)).Should().Throw<ModelException>().Which.Message;

    private static string Levels(PackagePlan plan) => string.Join(" | ", plan.Levels.Select(l => string.Join(" ", l)));

    [Fact]
    public void A_diamond_builds_its_shared_base_once_and_first()
    {
        var plan = Plan("app");

        Levels(plan).Should().Be("base-lib | liba libb | app");
        plan.Find("app")!.Dependencies.Select(d => d.ToString()).Should().Equal("liba", "libb");
        plan.Packages.Select(p => $"{p.Name}:{p.Template}:{p.Level}").Should().Equal("base-lib:meson:0", "liba:configure:1", "libb:cmake:1", "app:cargo:2");
        plan.Packages.Should().OnlyContain(p => p.Rule == BuildRule.Source && !p.Host);
        plan.Find("liba")!.Recipe.Directory.Should().Be(ModelFixtures.PathOf("planner/liba"));
        plan.Profile.Should().Be("test");
    }

    [Fact]
    public void Only_the_recipes_in_the_closure_are_parsed()
    {
        Plan("app");

        _catalog.LoadedCount.Should().Be(4);
        _catalog.Index.Count.Should().Be(23);
    }

    [Fact]
    public void Dev_dependencies_are_built_first_for_a_source_build()
    {
        var plan = Plan("with-devtool");

        Levels(plan).Should().Be("devtool | with-devtool");
        plan.Find("with-devtool")!.DevDependencies.Select(d => d.ToString()).Should().Equal("devtool");
        plan.Find("with-devtool")!.Dependencies.Should().BeEmpty();
    }

    [Fact]
    public void A_binary_package_skips_its_dev_dependencies_and_is_downloaded()
    {
        var plan = Plan("with-devtool=binary");

        Levels(plan).Should().Be("with-devtool");
        var package = plan.Find("with-devtool")!;
        package.Rule.Should().Be(BuildRule.Binary);
        package.Template.Should().Be("remote");
        package.DevDependencies.Should().BeEmpty();
    }

    [Fact]
    public void A_local_rule_applies_to_that_package_only()
    {
        var plan = Plan("liba=local");

        plan.Find("liba")!.Rule.Should().Be(BuildRule.Local);
        plan.Find("base-lib")!.Rule.Should().Be(BuildRule.Source);
    }

    [Fact]
    public void Everything_a_host_build_needs_is_a_host_build_too()
    {
        var plan = Plan("needs-host");

        Levels(plan).Should().Be("host:genlib host:genrt | host:generator | needs-host");
        var generator = plan.Find("host:generator")!;
        generator.Host.Should().BeTrue();
        generator.Dependencies.Select(d => d.ToString()).Should().Equal("host:genlib");
        generator.RuntimeDependencies.Select(d => d.ToString()).Should().Equal("host:genrt");
        generator.Recipe.Name.Should().Be("generator");
        plan.Find("needs-host")!.Host.Should().BeFalse();
    }

    [Fact]
    public void An_optional_package_is_produced_by_its_base_recipe_and_brings_its_own_dependencies()
    {
        var plan = Plan("uses-sub");

        Levels(plan).Should().Be("bigdep bigpkg-data rtdep | bigpkg | bigpkg.runtime | uses-sub");
        var runtime = plan.Find("bigpkg.runtime")!;
        runtime.Recipe.Name.Should().Be("bigpkg");
        runtime.Template.Should().Be("cmake");
        runtime.Dependencies.Select(d => d.ToString()).Should().Equal("bigpkg");
        runtime.RuntimeDependencies.Select(d => d.ToString()).Should().Equal("rtdep");
        plan.Find("bigpkg")!.RuntimeDependencies.Select(d => d.ToString()).Should().Equal("bigpkg-data");
    }

    [Fact]
    public void An_optional_package_the_recipe_does_not_declare_is_refused_with_the_ones_it_does()
    {
        Refusal("wants-missing-sub").Should().Be(
            "planner/wants-missing-sub/recipe.toml:2:17: recipe \"bigpkg\" has no optional package \"nope\" (needed by profile test -> wants-missing-sub -> bigpkg.nope); it declares runtime, dev");
    }

    [Fact]
    public void Runtime_dependencies_may_form_a_cycle_and_do_not_order_the_levels()
    {
        var plan = Plan("ping");

        Levels(plan).Should().Be("ping pong");
        plan.Find("ping")!.RuntimeDependencies.Select(d => d.ToString()).Should().Equal("pong");
        plan.Find("pong")!.RuntimeDependencies.Select(d => d.ToString()).Should().Equal("ping");
    }

    [Fact]
    public void A_build_dependency_cycle_is_refused_with_its_path()
    {
        var error = FluentActions.Invoking(() => Plan("cyc-a")).Should().Throw<ModelException>().Which;

        error.Message.Should().Be(
            "planner/cyc-a/recipe.toml:2:17: build dependency cycle: cyc-a -> cyc-b -> cyc-c -> cyc-a (each needs the next one built first; only [package] dependencies may form cycles)");
        error.Location!.File.Should().Be("planner/cyc-a/recipe.toml");
    }

    [Fact]
    public void A_missing_recipe_names_the_package_and_who_asked_for_it()
    {
        Refusal("needs-broken").Should().Be(
            "planner/broken/recipe.toml:3:25: no recipe named \"nowhere\" (needed by profile test -> needs-broken -> broken -> nowhere); looked in planner/. " +
            "Add a nowhere/recipe.toml under recipes/, pass --cookbook with a Redox build-system checkout, or remove the dependency");
        Refusal("ghost").Should().StartWith("test.toml:2:1: no recipe named \"ghost\" (needed by profile test -> ghost);");
    }

    [Fact]
    public void An_ignored_package_is_left_out_unless_something_needs_it()
    {
        Levels(Plan("app=ignore", "devtool")).Should().Be("devtool");
        _diagnostics.Warnings.Should().BeEmpty();

        var plan = Plan("app", "liba=ignore");

        plan.Find("liba")!.Rule.Should().Be(BuildRule.Source);
        _diagnostics.Warnings.Select(w => w.ToString()).Should().Equal(
            "test.toml:3:1: package 'liba' is marked \"ignore\" in profile test, but it is needed (profile test -> app -> liba); it is built anyway");
    }

    [Fact]
    public void A_shared_dependency_is_planned_once_whatever_its_rule_and_order()
    {
        var plan = Plan("libb", "liba", "app", "base-lib=local");

        plan.Packages.Select(p => p.Name.ToString()).Should().Equal("base-lib", "liba", "libb", "app");
        plan.Find("base-lib")!.Rule.Should().Be(BuildRule.Local);
    }
}
