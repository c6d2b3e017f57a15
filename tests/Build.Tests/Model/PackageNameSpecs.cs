using RedoxBuild.Model;

namespace RedoxBuild.Tests.Model;

public class PackageNameSpecs
{
    [Theory]
    [InlineData("ion", "ion", null, false, "ion")]
    [InlineData("llvm21.runtime", "llvm21", "runtime", false, "llvm21.runtime")]
    [InlineData("host:redoxfs", "redoxfs", null, true, "host:redoxfs")]
    [InlineData("host:gcc13.cxx", "gcc13", "cxx", true, "host:gcc13.cxx")]
    [InlineData("target:relibc", "relibc", null, false, "relibc")]
    [InlineData("libstdc++", "libstdc++", null, false, "libstdc++")]
    public void Names_parse_into_recipe_optional_package_and_host_and_print_back(string text, string recipe, string? sub, bool host, string printed)
    {
        var name = PackageName.Parse(text);

        name.Recipe.Should().Be(recipe);
        name.Sub.Should().Be(sub);
        name.Host.Should().Be(host);
        name.ToString().Should().Be(printed);
    }

    [Fact]
    public void Base_and_AsHost_keep_or_set_the_build_kind()
    {
        PackageName.Parse("host:gcc13.cxx").Base.ToString().Should().Be("host:gcc13");
        PackageName.Parse("llvm21.runtime").AsHost().ToString().Should().Be("host:llvm21.runtime");
        PackageName.Parse("a").Should().Be(new PackageName("a"));
        PackageName.Parse("b").CompareTo(PackageName.Parse("a")).Should().BePositive();
    }

    [Theory]
    [InlineData("", "a package name cannot be empty")]
    [InlineData("a/b", "\"a/b\" is not a package name: expected recipe, recipe.optional or host:recipe without spaces, '/' or empty parts")]
    [InlineData("a b", "\"a b\" is not a package name: expected recipe, recipe.optional or host:recipe without spaces, '/' or empty parts")]
    [InlineData("a.", "\"a.\" is not a package name: expected recipe, recipe.optional or host:recipe without spaces, '/' or empty parts")]
    [InlineData(".a", "\".a\" is not a package name: expected recipe, recipe.optional or host:recipe without spaces, '/' or empty parts")]
    [InlineData("a.b.c", "\"a.b.c\" is not a package name: use at most one '.', between a recipe and its optional package (e.g. llvm21.runtime)")]
    [InlineData("build:a", "\"build:a\" is not a package name: ':' may only end a host: prefix (e.g. host:redoxfs)")]
    [InlineData("host:host:a", "\"host:host:a\" is not a package name: ':' may only end a host: prefix (e.g. host:redoxfs)")]
    public void Invalid_names_are_refused_with_the_reason(string text, string reason)
    {
        PackageName.TryParse(text, out _, out var why).Should().BeFalse();
        why.Should().Be(reason);
    }
}
