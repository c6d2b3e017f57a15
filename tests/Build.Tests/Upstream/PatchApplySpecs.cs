using RedoxBuild.Engine;
using RedoxBuild.Tests.Support;
using RedoxBuild.Upstream;

namespace RedoxBuild.Tests.Upstream;

/// <summary>Applying the recipe's patches and the local series to a real checkout, all or nothing.</summary>
public sealed class PatchApplySpecs : IDisposable
{
    private readonly UpstreamScenario _s = new();

    public void Dispose() => _s.Dispose();

    private string RecipePatch()
    {
        // A plain diff as recipes carry them (redox.patch), applied with patch -p1.
        var path = Path.Combine(_s.RepositoryRoot, "recipes", "base", "redox.patch");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "--- a/README.md\n+++ b/README.md\n@@ -1 +1,2 @@\n # base\n+Patched for Redox.\n");
        return path;
    }

    private void TwoPatchSeries()
    {
        _s.MakePatch(_s.PatchDirectory, 1, "Read BARs without probing on virtio", w => UpstreamScenario.EditLine(w, UpstreamScenario.MainRs, 5, "fn read_bar_no_probe() {}"));
        _s.MakePatch(_s.PatchDirectory, 2, "Accept modern virtio-blk ids", w => File.AppendAllText(Path.Combine(w, "drivers/initfs.toml"), "[[drivers]]\nname = \"virtio-blk-modern\"\n"));
    }

    [RequiresToolsFact("git", "patch")]
    public async Task Recipe_patches_then_the_series_become_one_commit_each_on_the_patched_branch()
    {
        _s.CloneCheckout();
        TwoPatchSeries();
        var (applier, _) = _s.Applier();

        var applied = await applier.ApplyToCheckoutAsync(new PatchApplication("base", _s.Rev, [RecipePatch()], _s.Series(), _s.Upstream, "master"), new GitSourceInfoStore());

        var log = _s.Git.Run(_s.Checkout, "log", "--format=%an|%s", $"{_s.Rev}..HEAD");
        log.Split('\n').Should().Equal(
            "Ada Author|Accept modern virtio-blk ids",
            "Ada Author|Read BARs without probing on virtio",
            "Redox Build|Apply the recipe's patch redox.patch");
        _s.Git.Run(_s.Checkout, "rev-parse", "--abbrev-ref", "HEAD").Should().Be(PatchSeriesApplier.PatchedBranch);
        _s.Git.Run(_s.Checkout, "status", "--porcelain").Should().BeEmpty();
        File.ReadAllText(Path.Combine(_s.Checkout, "README.md")).Should().Be("# base\nPatched for Redox.\n");
        File.ReadAllLines(Path.Combine(_s.Checkout, UpstreamScenario.MainRs))[4].Should().Be("fn read_bar_no_probe() {}");
        applied.Commits.Select(c => c.PatchFile).Should().Equal("0001-Read-BARs-without-probing-on-virtio.patch", "0002-Accept-modern-virtio-blk-ids.patch");
        _s.Git.Run(_s.Checkout, "rev-parse", GitSourceInfoStore.BaseRef).Should().Be(applied.PatchBase);
        _s.Git.Run(_s.Checkout, "rev-parse", GitSourceInfoStore.UpstreamRef).Should().Be(_s.Rev);
        _s.Git.Run(_s.Checkout, "worktree", "list").Split('\n').Should().ContainSingle("the scratch worktree is gone");
    }

    [RequiresToolsFact("git", "patch")]
    public async Task Applying_the_same_series_on_another_machine_gives_the_same_commit_ids()
    {
        _s.CloneCheckout();
        TwoPatchSeries();
        var (applier, session) = _s.Applier();
        var recipePatch = RecipePatch();
        var first = await applier.ApplyToCheckoutAsync(new PatchApplication("base", _s.Rev, [recipePatch], _s.Series()), new GitSourceInfoStore());
        var elsewhere = _s.CloneCheckout(_s.Git.PathOf("elsewhere"));

        var second = await new PatchSeriesApplier(session.Processes, elsewhere, _s.Paths).ApplyToCheckoutAsync(
            new PatchApplication("base", _s.Rev, [recipePatch], _s.Series()), new GitSourceInfoStore());

        second.Head.Should().Be(first.Head);
        (await applier.ApplyToCheckoutAsync(new PatchApplication("base", _s.Rev, [recipePatch], _s.Series()), new GitSourceInfoStore()))
            .Head.Should().Be(first.Head, "applying again to a patched checkout changes nothing");
    }

    [RequiresToolsFact("git", "patch")]
    public async Task A_series_patch_that_no_longer_applies_names_patch_file_and_hunk_and_leaves_the_checkout_alone()
    {
        _s.CloneCheckout();
        _s.MakePatch(_s.PatchDirectory, 1, "Read BARs without probing on virtio", w => UpstreamScenario.EditLine(w, UpstreamScenario.MainRs, 5, "fn read_bar_no_probe() {}"));
        // Written against a main.rs whose line 30 differs from upstream's, so its second hunk finds other context.
        var stale = _s.MakePatch(_s.PatchDirectory, 2, "Grow the assumed BAR size to 1 MiB",
            w =>
            {
                UpstreamScenario.EditLine(w, UpstreamScenario.MainRs, 10, "const BAR_SIZE: usize = 0x10_0000;");
                UpstreamScenario.EditLine(w, UpstreamScenario.MainRs, 31, "fn step_31_changed() {}");
            },
            prepare: w => UpstreamScenario.EditLine(w, UpstreamScenario.MainRs, 30, "fn step_30_elsewhere() {}"));
        var secondHunkStart = File.ReadAllLines(stale).Where(l => l.StartsWith("@@ -", StringComparison.Ordinal)).ElementAt(1).Split(' ', ',')[1].TrimStart('-');
        var (applier, _) = _s.Applier();

        var act = () => applier.ApplyToCheckoutAsync(new PatchApplication("base", _s.Rev, [], _s.Series()), new GitSourceInfoStore());

        var failure = (await act.Should().ThrowAsync<PatchApplyException>()).Which;
        failure.Message.Should().StartWith(
            $"patches/base/0002-Grow-the-assumed-BAR-size-to-1-MiB.patch does not apply: hunk #2 of drivers/pcid/src/main.rs (at line {secondHunkStart}) failed. " +
            "build/sources/base was left unchanged. Refresh the patch:");
        failure.Message.Should().Contain($"error: patch failed: drivers/pcid/src/main.rs:{secondHunkStart}");
        failure.Failure.Should().BeEquivalentTo(new { TargetFile = UpstreamScenario.MainRs, Hunk = 2 });
        _s.Git.Run(_s.Checkout, "status", "--porcelain").Should().BeEmpty();
        _s.Git.Run(_s.Checkout, "rev-parse", "HEAD").Should().Be(_s.Rev);
        _s.Git.Run(_s.Checkout, "branch", "--list", PatchSeriesApplier.PatchedBranch).Should().BeEmpty();
        _s.Git.Run(_s.Checkout, "worktree", "list").Split('\n').Should().ContainSingle();
        File.ReadAllLines(Path.Combine(_s.Checkout, UpstreamScenario.MainRs))[4].Should().Be("fn step_5() {}", "the first patch was not applied either");
    }

    [RequiresToolsFact("git", "patch")]
    public async Task A_recipe_patch_that_no_longer_applies_is_reported_with_patch_own_hunk_numbers()
    {
        _s.CloneCheckout();
        var path = Path.Combine(_s.RepositoryRoot, "recipes", "base", "redox.patch");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "--- a/drivers/initfs.toml\n+++ b/drivers/initfs.toml\n@@ -1,2 +1,2 @@\n [[drivers]]\n-name = \"ahcid\"\n+name = \"nvmed\"\n");
        var (applier, _) = _s.Applier();

        var act = () => applier.ApplyToCheckoutAsync(new PatchApplication("base", _s.Rev, [path], _s.Series()), new GitSourceInfoStore());

        var failure = (await act.Should().ThrowAsync<PatchApplyException>()).Which;
        failure.Message.Should().StartWith("recipes/base/redox.patch does not apply: hunk #1 of drivers/initfs.toml (at line 1) failed. build/sources/base was left unchanged.");
        _s.Git.Run(_s.Checkout, "status", "--porcelain").Should().BeEmpty();
    }

    [RequiresToolsFact("git")]
    public async Task A_checkout_with_uncommitted_edits_is_not_patched_over()
    {
        _s.CloneCheckout();
        File.AppendAllText(Path.Combine(_s.Checkout, "README.md"), "local note\n");
        var (applier, _) = _s.Applier();

        var act = () => applier.ApplyToCheckoutAsync(new PatchApplication("base", _s.Rev, [], _s.Series()), new GitSourceInfoStore());

        (await act.Should().ThrowAsync<BuildFailure>()).WithMessage("build/sources/base has uncommitted changes, so patches are not applied over them:\n   M README.md\n*");
    }
}
