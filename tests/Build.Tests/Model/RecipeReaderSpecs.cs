using System.Text;
using RedoxBuild.Model;
using RedoxBuild.Model.Recipes;

namespace RedoxBuild.Tests.Model;

/// <summary>recipe.toml in upstream's schema: every field, every template, every refusal and every ignored key.</summary>
public class RecipeReaderSpecs
{
    private readonly DiagnosticBag _diagnostics = new();

    private Recipe Parse(string toml) =>
        new RecipeReader(new SourcePaths("/repo"), _diagnostics).Parse("x", "/repo/recipes/x", Encoding.UTF8.GetBytes(toml));

    private string Refusal(string toml) => FluentActions.Invoking(() => Parse(toml)).Should().Throw<ModelException>().Which.Message;

    private IEnumerable<string> Warnings => _diagnostics.Warnings.Select(w => w.ToString());

    [Fact]
    public void Every_field_of_a_git_source_and_cargo_template_is_read_with_its_position()
    {
        var directory = ModelFixtures.PathOf("recipes/every-field");

        var recipe = new RecipeReader(ModelFixtures.Paths, _diagnostics).Read("every-field", directory);

        recipe.Name.Should().Be("every-field");
        recipe.File.Should().Be(Path.Combine(directory, "recipe.toml"));
        var git = recipe.Source.Should().BeOfType<GitSource>().Which;
        git.Url.Should().Be("https://gitlab.redox-os.org/redox-os/example.git");
        git.Upstream.Should().Be("https://github.com/example/example.git");
        git.Branch.Should().Be("master");
        git.Rev.Should().Be("0123456789abcdef0123456789abcdef01234567");
        git.ShallowClone.Should().BeTrue();
        git.Patches.Should().Equal("redox.patch", "fix-build.patch");
        git.Script.Should().Be("./autogen.sh");
        git.Position.ToString().Should().Be("recipes/every-field/recipe.toml:2:1");

        var cargo = recipe.Build.Template.Should().BeOfType<CargoTemplate>().Which;
        cargo.Flags.Should().Equal("--features", "redox");
        cargo.Packages.Should().Equal("example-cli", "example-daemon");
        cargo.Examples.Should().Equal("demo");
        cargo.PackagesPrefixed.Should().Equal("tool");
        cargo.ClearLocked.Should().BeTrue();
        cargo.CargoPath.Should().Be("cli");
        recipe.Build.Dependencies.Select(d => d.ToString()).Should().Equal("openssl", "host:protobuf");
        recipe.Build.Dependencies[1].Name.Host.Should().BeTrue();
        recipe.Build.Dependencies[1].Position.ToString().Should().Be("recipes/every-field/recipe.toml:19:28");
        recipe.Build.DevDependencies.Single().Name.Should().Be(new PackageName("cmake", "tools"));

        recipe.Package.Dependencies.Select(d => d.ToString()).Should().Equal("ca-certificates", "every-field.docs");
        recipe.Package.Version.Should().Be("1.2.3");
        recipe.Package.Description.Should().Be("An example with every field");

        recipe.OptionalPackages.Select(p => p.Name).Should().Equal("docs", "dev");
        recipe.FindOptionalPackage("docs")!.Files.Should().Equal("usr/share/doc/**");
        recipe.FindOptionalPackage("docs")!.Dependencies.Single().ToString().Should().Be("man-db");
        recipe.FindOptionalPackage("dev")!.Files.Should().Equal("usr/include/**", "usr/lib/*.a");
        recipe.FindOptionalPackage("dev")!.Dependencies.Should().BeEmpty();
        _diagnostics.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void A_tar_source_keeps_its_url_both_checksums_in_lower_case_patches_and_script()
    {
        var recipe = Parse($"""
            [source]
            tar = "https://example.org/x-1.0.tar.xz"
            blake3 = "{new string('A', 64)}"
            sha256 = "{new string('b', 64)}"
            patches = ["one.patch"]
            script = "autoreconf -fi"
            """);

        recipe.Source.Should().BeEquivalentTo(new
        {
            Url = "https://example.org/x-1.0.tar.xz",
            Blake3 = new string('a', 64),
            Sha256 = new string('b', 64),
            Patches = new[] { "one.patch" },
            Script = "autoreconf -fi",
        });
        recipe.Source.Should().BeOfType<TarSource>();
    }

    [Fact]
    public void Path_and_same_as_sources_are_read()
    {
        Parse("[source]\npath = \"../../local/x\"\n").Source.Should().BeOfType<PathSource>().Which.Path.Should().Be("../../local/x");
        Parse("[source]\nsame_as = \"../llvm21\"\n").Source.Should().BeOfType<SameAsSource>().Which.RecipePath.Should().Be("../llvm21");
    }

    [Fact]
    public void A_recipe_without_source_or_build_is_a_meta_package_with_template_none()
    {
        var recipe = Parse("[package]\ndependencies = [\"gcc13\"]\n");

        recipe.Source.Should().BeNull();
        recipe.Build.Template.Should().BeOfType<NoneTemplate>().Which.Name.Should().Be("none");
        recipe.Build.Dependencies.Should().BeEmpty();
        recipe.Package.Dependencies.Single().ToString().Should().Be("gcc13");
    }

    [Theory]
    [InlineData("template = \"configure\"\nconfigureflags = [\"--disable-nls\"]", "configure")]
    [InlineData("template = \"cmake\"\ncmakeflags = [\"-DX=1\"]", "cmake")]
    [InlineData("template = \"meson\"\nmesonflags = [\"-Dy=false\"]", "meson")]
    [InlineData("template = \"python\"\npyprojectpath = \"py\"\npipflags = [\"--no-deps\"]\nlegacysetup = true", "python")]
    [InlineData("template = \"custom\"\nscript = \"make install\"", "custom")]
    [InlineData("template = \"remote\"", "remote")]
    [InlineData("template = \"none\"", "none")]
    public void Each_template_reads_its_own_options(string build, string template)
    {
        var read = Parse($"[build]\n{build}\n").Build.Template;

        read.Name.Should().Be(template);
        switch (read)
        {
            case ConfigureTemplate t: t.Flags.Should().Equal("--disable-nls"); break;
            case CmakeTemplate t: t.Flags.Should().Equal("-DX=1"); break;
            case MesonTemplate t: t.Flags.Should().Equal("-Dy=false"); break;
            case PythonTemplate t: t.Should().BeEquivalentTo(new { ProjectPath = "py", PipFlags = new[] { "--no-deps" }, LegacySetup = true }); break;
            case CustomTemplate t: t.Script.Should().Be("make install"); break;
        }
        _diagnostics.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Custom_without_a_script_is_refused_at_the_template()
    {
        Refusal("[build]\ntemplate = \"custom\"\n").Should().Be(
            "recipes/x/recipe.toml:2:12: template \"custom\" needs a 'script' in [build]: the bash commands that build the source and install it into ${COOKBOOK_STAGE}");
    }

    [Fact]
    public void An_unknown_template_is_refused_with_the_allowed_ones()
    {
        Refusal("[build]\ntemplate = \"go\"\n").Should().Be(
            "recipes/x/recipe.toml:2:12: unknown template \"go\"; expected one of: none, remote, cargo, configure, cmake, meson, python, custom");
    }

    [Fact]
    public void An_empty_source_table_is_refused()
    {
        Refusal("[source]\n\n[build]\ntemplate = \"cargo\"\n").Should().Be(
            "recipes/x/recipe.toml:1:1: [source] is empty: give one of git, tar, path or same_as, or remove the table to build without a source");
    }

    [Fact]
    public void A_source_with_both_git_and_tar_is_refused_at_the_second()
    {
        Refusal("[source]\ngit = \"https://a/b.git\"\ntar = \"https://a/b.tar.gz\"\n").Should().Be(
            "recipes/x/recipe.toml:3:1: [source] has both 'git' and 'tar': a source is exactly one of git, tar, path or same_as");
    }

    [Fact]
    public void A_source_without_any_kind_is_refused_naming_what_it_has()
    {
        Refusal("[source]\nbranch = \"master\"\nrev = \"abc\"\n").Should().Be(
            "recipes/x/recipe.toml:1:1: [source] needs one of git, tar, path or same_as (found only 'branch', 'rev')");
    }

    [Theory]
    [InlineData("[source]\ngit = 42\n", "recipes/x/recipe.toml:2:7: expected 'git' to be a string, found an integer")]
    [InlineData("[source]\ngit = \"u\"\nshallow_clone = \"yes\"\n", "recipes/x/recipe.toml:3:17: expected 'shallow_clone' to be a boolean, found a string")]
    [InlineData("[build]\ntemplate = \"cargo\"\ncargoflags = \"--release\"\n", "recipes/x/recipe.toml:3:14: expected 'cargoflags' to be an array, found a string")]
    [InlineData("[build]\ndependencies = [\"a\", 3]\n", "recipes/x/recipe.toml:2:22: expected every element of this array to be a string, found an integer")]
    [InlineData("build = \"cargo\"\n", "recipes/x/recipe.toml:1:9: expected 'build' to be a table, found a string")]
    [InlineData("[build]\ntemplate = 1\n", "recipes/x/recipe.toml:2:12: expected 'template' to be a string, found an integer")]
    public void A_value_of_the_wrong_type_is_refused_at_the_value(string toml, string message)
    {
        Refusal(toml).Should().Be(message);
    }

    [Theory]
    [InlineData("[build]\ndependencies = [\"a/b\"]\n", "recipes/x/recipe.toml:2:17: \"a/b\" is not a package name: expected recipe, recipe.optional or host:recipe without spaces, '/' or empty parts")]
    [InlineData("[package]\ndependencies = [\"a.b.c\"]\n", "recipes/x/recipe.toml:2:17: \"a.b.c\" is not a package name: use at most one '.', between a recipe and its optional package (e.g. llvm21.runtime)")]
    [InlineData("[build]\ndev-dependencies = [\"build:x\"]\n", "recipes/x/recipe.toml:2:21: \"build:x\" is not a package name: ':' may only end a host: prefix (e.g. host:redoxfs)")]
    public void A_dependency_that_is_not_a_package_name_is_refused(string toml, string message)
    {
        Refusal(toml).Should().Be(message);
    }

    [Fact]
    public void A_checksum_that_is_not_a_256_bit_hex_digest_is_refused()
    {
        Refusal("[source]\ntar = \"https://a/b.tar\"\nblake3 = \"abc\"\n").Should().Be(
            "recipes/x/recipe.toml:3:10: 'blake3' must be 64 hexadecimal digits (a 256-bit digest), found \"abc\"");
    }

    [Fact]
    public void Optional_packages_need_a_plain_unique_name()
    {
        Refusal("[[optional-packages]]\nfiles = []\n").Should().Be("recipes/x/recipe.toml:1:1: missing required key 'name'");
        Refusal("[[optional-packages]]\nname = \"a.b\"\n").Should().Be(
            "recipes/x/recipe.toml:2:8: optional package name \"a.b\" must be a plain word (it becomes <recipe>.a.b)");
        Refusal("[[optional-packages]]\nname = \"dev\"\n[[optional-packages]]\nname = \"dev\"\n").Should().Be(
            "recipes/x/recipe.toml:4:8: optional package \"dev\" is declared twice (first at recipes/x/recipe.toml:1:1)");
    }

    [Fact]
    public void Invalid_toml_is_reported_with_its_position_and_location()
    {
        var error = FluentActions.Invoking(() => Parse("[source]\ngit = \"unterminated\n")).Should().Throw<ModelException>().Which;

        error.Message.Should().StartWith("recipes/x/recipe.toml:2:");
        error.Location.Should().NotBeNull();
        error.Location!.File.Should().Be("recipes/x/recipe.toml");
        error.Location.Line.Should().Be(2);
    }

    [Fact]
    public void A_misspelt_checksum_key_is_a_warning_because_upstream_silently_ignores_it()
    {
        var recipe = Parse("[source]\ntar = \"https://a/b.tar\"\nb3sum = \"x\"\n");

        recipe.Source.Should().BeOfType<TarSource>().Which.Blake3.Should().BeNull();
        Warnings.Should().Equal(
            "recipes/x/recipe.toml:3:1: unknown key 'b3sum' in [source]; upstream ignores it (known keys: tar, blake3, sha256, patches, script)");
        _diagnostics.Warnings[0].Position!.Value.Line.Should().Be(3);
    }

    [Fact]
    public void Keys_of_another_source_kind_or_template_are_warnings_that_say_they_are_unused()
    {
        Parse("""
            [source]
            git = "https://a/b.git"
            blake3 = "x"

            [build]
            template = "cargo"
            cmakeflags = ["-DX=1"]
            script = "make"
            """);

        Warnings.Should().Equal(
            "recipes/x/recipe.toml:3:1: 'blake3' in [source] is not used by a git source; upstream ignores it",
            "recipes/x/recipe.toml:7:1: 'cmakeflags' in [build] is not used by the cargo template; upstream ignores it",
            "recipes/x/recipe.toml:8:1: 'script' in [build] is not used by the cargo template; upstream ignores it");
    }

    [Fact]
    public void Unknown_keys_anywhere_are_warnings_with_a_near_miss_suggested()
    {
        Parse("""
            pakage = 1

            [build]
            template = "none"
            dependecies = ["a"]

            [package]
            license = "MIT"

            [[optional-packages]]
            name = "dev"
            file = ["x"]
            """);

        Warnings.Should().Equal(
            "recipes/x/recipe.toml:1:1: unknown key 'pakage' in the recipe; upstream ignores it (did you mean 'package'? known keys: source, build, package, optional-packages)",
            "recipes/x/recipe.toml:5:1: unknown key 'dependecies' in [build]; upstream ignores it (did you mean 'dependencies'? known keys: template, dependencies, dev-dependencies)",
            "recipes/x/recipe.toml:8:1: unknown key 'license' in [package]; upstream ignores it (known keys: dependencies, version, description)",
            "recipes/x/recipe.toml:12:1: unknown key 'file' in [[optional-packages]]; upstream ignores it (did you mean 'files'? known keys: name, files, dependencies)");
    }
}
