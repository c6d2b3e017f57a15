using RedoxBuild.Tests.Support;
using RedoxBuild.Upstream;

namespace RedoxBuild.Tests.Upstream;

/// <summary>The targets' own checks and messages, and the small parsers they use.</summary>
public sealed class UpstreamTargetSpecs : IDisposable
{
    private readonly UpstreamScenario _s = new();
    private readonly UpstreamWorkflow _flow;

    public UpstreamTargetSpecs() => _flow = new UpstreamWorkflow(_s);

    public void Dispose() => _s.Dispose();

    [Fact]
    public async Task A_recipe_without_a_checkout_is_explained()
    {
        Directory.CreateDirectory(Path.Combine(_s.RepositoryRoot, "recipes", "relibc"));
        File.WriteAllText(Path.Combine(_s.RepositoryRoot, "recipes", "relibc", "recipe.toml"), "[build]\ntemplate = \"none\"\n");
        var result = await _flow.Run(null, "ExtractPatches", "--recipe", "relibc");
        var unknown = await _flow.Run(null, "ExtractPatches", "--recipe", "nosuch");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("build/sources/relibc is not a git checkout. Local patches come from the git checkout of a recipe's source: fetch it first with ./build.sh Fetch --recipe relibc, edit and commit there.");
        unknown.ExitCode.Should().Be(1);
        unknown.Out.Should().Contain("There is no recipe named nosuch (looked in recipes/); give the name of a recipe's folder, e.g. --recipe base.");
    }

    [Fact]
    public async Task The_recipe_parameter_is_required()
    {
        var result = await _flow.Run(null, "PrepareUpstream");

        result.ExitCode.Should().Be(2);
        result.Out.Should().Contain("Target 'PrepareUpstream' requires parameter --recipe (env RECIPE) to be set.");
    }

    [RequiresToolsFact("git")]
    public async Task A_checkout_without_a_recorded_base_says_how_to_record_one()
    {
        _s.CloneCheckout();

        var result = await _flow.Run(null, "ExtractPatches", "--recipe", "base");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("build/sources/base has no record of where its local edits start (refs/redox-build/base). " +
            "The build records it when it applies the recipe's patches to a fresh checkout; to record it by hand: " +
            "git -C build/sources/base update-ref refs/redox-build/upstream <pinned upstream commit> && git -C build/sources/base update-ref refs/redox-build/base <commit your edits start from>");
    }

    [RequiresToolsFact("git")]
    public async Task ExtractPatches_in_a_dry_run_runs_no_git_and_writes_nothing()
    {
        _s.CloneCheckout();

        var result = await _flow.Run(null, "ExtractPatches", "--recipe", "base", "--dry-run");

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain("Dry run: ExtractPatches reads git's output to decide what to write, and a dry run runs no tools; nothing in patches/base changes.");
        Directory.Exists(_s.PatchDirectory).Should().BeFalse();
    }

    [RequiresToolsFact("git")]
    public async Task ExtractPatches_then_PrepareUpstream_report_what_they_did()
    {
        var prepared = await _flow.PrepareAsync();

        var again = await _flow.Run(null, "ExtractPatches", "--recipe", "base");

        again.Out.Should().Contain("patches/base is up to date (2 files); nothing was written.");
        prepared.Branch.Should().Be("redox-build/base/virtio-bars");
        var prepare = await _flow.Run(null, "PrepareUpstream", "--recipe", "base", "--topic", "virtio-bars");
        prepare.Out.Should().Contain("redox-build/base/virtio-bars in build/upstream/base/repo already holds this series; its commits are kept")
            .And.Contain("Next: read build/upstream/base/test-report.md, write build/upstream/base/description.md yourself");
    }

    [Theory]
    [InlineData("https://gitlab.redox-os.org/redox-os/base.git", "redox-os/base")]
    [InlineData("https://github.com/rust-lang/libc", "rust-lang/libc")]
    [InlineData("https://gitlab.example.org/group/sub/project.git/", "group/sub/project")]
    [InlineData("git@github.com:owner/name.git", "owner/name")]
    [InlineData("ssh://git@gitlab.example.org/redox-os/relibc.git", "redox-os/relibc")]
    [InlineData("file:///tmp/upstream.git", null)]
    [InlineData("/srv/git/base.git", null)]
    [InlineData(null, null)]
    public void The_upstream_project_is_read_from_the_clone_URL(string? url, string? project)
    {
        UpstreamProjects.PathFromUrl(url).Should().Be(project);
    }

    [Theory]
    [InlineData("Title: Add ids\n## Problem\n\nIt broke.\n", "Add ids", true)]
    [InlineData("<!-- note -->\nTitle:\n## Problem\n\n## Solution\n", "", false)]
    [InlineData("Title: Only a title\n\n## Problem\n\n## Other\n", "Only a title", false)]
    [InlineData("Free text without headings.\r\n", "", true)]
    public void The_description_reads_the_title_and_whether_the_author_wrote_anything(string text, string title, bool written)
    {
        var description = DescriptionDraft.Read(text);

        description.Title.Should().Be(title);
        description.HasWrittenSections.Should().Be(written);
        description.Body.Should().NotContain("Title:").And.NotContain("<!--");
    }
}
