using RedoxBuild.Engine;
using RedoxBuild.Model;
using RedoxBuild.Upstream;

namespace RedoxBuild.Tests.Upstream;

/// <summary>Loading patches/&lt;recipe&gt;: the series file's order, else names; errors point at the line.</summary>
public sealed class PatchSeriesSpecs : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("redox-series-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Dir => Path.Combine(_root, "patches", "base");

    private void Touch(params string[] names)
    {
        Directory.CreateDirectory(Dir);
        foreach (var name in names) File.WriteAllText(Path.Combine(Dir, name), "x");
    }

    [Fact]
    public void Without_a_series_file_patches_apply_in_name_order()
    {
        Touch("0002-b.patch", "0010-c.patch", "0001-a.patch", "notes.txt");

        var series = PatchSeries.Load(Dir, new SourcePaths(_root));

        series.Patches.Select(p => p.Name).Should().Equal("0001-a.patch", "0002-b.patch", "0010-c.patch");
        series.HasSeriesFile.Should().BeFalse();
    }

    [Fact]
    public void A_series_file_gives_the_order_and_skips_comments_and_blank_lines()
    {
        Touch("0001-a.patch", "fix-late.patch", "0002-b.patch");
        File.WriteAllText(Path.Combine(Dir, "series"), "# order matters\nfix-late.patch\n\n0001-a.patch\n");

        var series = PatchSeries.Load(Dir, new SourcePaths(_root));

        series.Patches.Select(p => p.Name).Should().Equal("fix-late.patch", "0001-a.patch");
        series.Patches[0].Path.Should().Be(Path.Combine(Dir, "fix-late.patch"));
    }

    [Fact]
    public void A_series_line_naming_a_missing_file_fails_with_its_position()
    {
        Touch("0001-a.patch");
        File.WriteAllText(Path.Combine(Dir, "series"), "0001-a.patch\n0002-gone.patch\n");

        var act = () => PatchSeries.Load(Dir, new SourcePaths(_root));

        act.Should().Throw<PatchSeriesException>()
            .WithMessage("patches/base/series:2: patch '0002-gone.patch' does not exist in patches/base. Add the file or remove the line.")
            .Which.Location.Should().Be(new SourceLocation("patches/base/series", 2, 1));
    }

    [Fact]
    public void Quilt_options_in_the_series_file_are_refused()
    {
        Touch("0001-a.patch");
        File.WriteAllText(Path.Combine(Dir, "series"), "0001-a.patch -p0\n");

        var act = () => PatchSeries.Load(Dir, new SourcePaths(_root));

        act.Should().Throw<PatchSeriesException>().WithMessage("patches/base/series:1: '0001-a.patch -p0' has options after the file name*");
    }

    [Fact]
    public void A_missing_folder_is_an_empty_series()
    {
        PatchSeries.Load(Path.Combine(_root, "nothing"), new SourcePaths(_root)).Patches.Should().BeEmpty();
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Recipe_names_with_slashes_or_nothing_in_them_are_refused(string recipe)
    {
        var act = () => RecipeNames.Check(recipe);

        act.Should().Throw<BuildFailure>();
    }

    [Fact]
    public void Git_failure_lines_are_mapped_to_the_hunk_that_starts_there()
    {
        const string patch = "diff --git a/x.rs b/x.rs\n--- a/x.rs\n+++ b/x.rs\n@@ -1,3 +1,3 @@\n a\n--- removed line that looks like a header\n+b\n c\n@@ -20,2 +20,2 @@\n d\n-e\n+f\n";

        var failure = PatchFailureParser.FromGit("p.patch", patch, "Applying: X\nerror: patch failed: x.rs:20\nerror: x.rs: patch does not apply\n");

        failure.Should().BeEquivalentTo(new { PatchFile = "p.patch", TargetFile = "x.rs", Hunk = 2, Line = 20 });
        failure.Describe().Should().Be("hunk #2 of x.rs (at line 20) failed");
    }
}
