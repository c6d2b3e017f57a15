using RedoxBuild.Model;
using RedoxBuild.Model.Profiles;

namespace RedoxBuild.Tests.Model;

public class ProfileLocatorSpecs : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private ProfileLocator Locator => new(_tree.PathOf("profiles"), _tree.PathOf("work"));

    public ProfileLocatorSpecs()
    {
        _tree.Write("profiles/default.toml", "");
        _tree.Write("profiles/cloud.toml", "");
        _tree.Write("profiles/include/base.toml", "");
        _tree.Write("work/configs/mine.toml", "");
    }

    [Fact]
    public void Only_top_level_profiles_are_selectable_by_name()
    {
        Locator.Available().Should().Equal("cloud", "default");
        Locator.Resolve("cloud").Should().Be(("cloud", _tree.PathOf("profiles/cloud.toml")));
    }

    [Fact]
    public void A_value_with_a_slash_or_ending_in_toml_is_a_path_from_the_working_directory()
    {
        Locator.Resolve("configs/mine.toml").Should().Be(("configs/mine.toml", _tree.PathOf("work/configs/mine.toml")));
        Locator.Resolve("../profiles/include/base.toml").Path.Should().Be(_tree.PathOf("profiles/include/base.toml"));
        ProfileLocator.IsPath("base.toml").Should().BeTrue();
        ProfileLocator.IsPath("include/base").Should().BeTrue();
        ProfileLocator.IsPath("graphical").Should().BeFalse();
    }

    [Fact]
    public void An_unknown_name_lists_the_available_profiles_and_a_missing_path_is_named()
    {
        FluentActions.Invoking(() => Locator.Resolve("include")).Should().Throw<ModelException>()
            .WithMessage("unknown profile \"include\"; available profiles: cloud, default, or give a path to a .toml file");
        FluentActions.Invoking(() => Locator.Resolve("nope.toml")).Should().Throw<ModelException>()
            .WithMessage($"profile file nope.toml does not exist (looked for {_tree.PathOf("work/nope.toml")})");
        FluentActions.Invoking(() => Locator.Resolve(" ")).Should().Throw<ModelException>()
            .WithMessage("no profile given; use --profile with one of: cloud, default, or a path to a .toml file");
    }

    [Fact]
    public void A_misspelled_name_is_answered_with_the_profile_it_is_closest_to()
    {
        FluentActions.Invoking(() => Locator.Resolve("defualt")).Should().Throw<ModelException>()
            .WithMessage("unknown profile \"defualt\" (did you mean default?); available profiles: cloud, default, or give a path to a .toml file");
    }
}
