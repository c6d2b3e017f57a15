using RedoxBuild.Toml;
using static RedoxBuild.Tests.Toml.Toml;

namespace RedoxBuild.Tests.Toml;

public sealed class TomlAccessorTests
{
    private const string Recipe = """
        # A Redox recipe as the cookbook writes them.
        [source]
        git = "https://gitlab.redox-os.org/redox-os/kernel.git"
        branch = "master"
        patches = ["01-fix.patch", "02-feature.patch"]

        [build]
        template = "custom"
        dependencies = ["libgcc"]
        script = '''
        cookbook_cargo --release
        '''

        [[package.files]]
        path = "/boot/kernel"

        [[package.files]]
        path = "/boot/initfs"
        """;

    [Fact]
    public void A_recipe_reads_through_the_typed_accessors()
    {
        // Act
        var recipe = Parse(Recipe, "recipes/core/kernel/recipe.toml");

        // Assert
        var source = recipe.GetTable("source");
        source.GetString("git").Should().Be("https://gitlab.redox-os.org/redox-os/kernel.git");
        source.GetStringOr("rev", "HEAD").Should().Be("HEAD");
        source.GetStringsOrEmpty("patches").Should().Equal("01-fix.patch", "02-feature.patch");
        source.GetStringsOrEmpty("blake3").Should().BeEmpty();
        recipe.TryGetTable("build", out var build).Should().BeTrue();
        build!.GetString("script").Should().Be("cookbook_cargo --release\n");
        recipe.TryGetTable("missing", out _).Should().BeFalse();
        recipe.GetTable("package").GetArray("files").GetTables().Select(file => file.GetString("path"))
            .Should().Equal("/boot/kernel", "/boot/initfs");
    }

    [Fact]
    public void Try_reads_return_false_only_when_the_key_is_absent()
    {
        var document = Parse("n = 1\ns = 'x'");

        document.TryGetString("s", out var s).Should().BeTrue();
        s.Should().Be("x");
        document.TryGetString("absent", out _).Should().BeFalse();
        var wrongKind = () => document.TryGetString("n", out _);
        wrongKind.Should().Throw<TomlException>().WithMessage("test.toml:1:5: expected 'n' to be a string, found an integer");
        var wrongTable = () => document.TryGetTable("s", out _);
        wrongTable.Should().Throw<TomlException>().WithMessage("test.toml:2:5: expected 's' to be a table, found a string");
    }

    [Fact]
    public void A_list_of_strings_points_at_the_first_element_of_another_kind()
    {
        var document = Parse("dependencies = [\"a\",\n  2]");

        var read = () => document.GetStringsOrEmpty("dependencies");

        read.Should().Throw<TomlException>()
            .WithMessage("test.toml:2:3: expected every element of this array to be a string, found an integer");
    }

    [Fact]
    public void Keys_that_need_quotes_are_quoted_in_messages()
    {
        var document = Parse("\"a b\" = 1");

        var read = () => document.GetBoolean("a b");

        read.Should().Throw<TomlException>().WithMessage("test.toml:1:9: expected \"a b\" to be a boolean, found an integer");
    }
}
