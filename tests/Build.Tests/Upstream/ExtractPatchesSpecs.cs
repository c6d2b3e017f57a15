using System.Text;
using RedoxBuild.Engine;
using RedoxBuild.Tests.Support;
using RedoxBuild.Upstream;

namespace RedoxBuild.Tests.Upstream;

/// <summary>ExtractPatches: local commits become a stable series that applies back to the same tree.</summary>
public sealed class ExtractPatchesSpecs : IDisposable
{
    private readonly UpstreamScenario _s = new();

    public void Dispose() => _s.Dispose();

    /// <summary>A checkout patched with the (empty) series, then edited by the user in four commits.</summary>
    private async Task<SourceInfo> EditedCheckout()
    {
        _s.CloneCheckout();
        var (applier, _) = _s.Applier();
        await applier.ApplyToCheckoutAsync(new PatchApplication("base", _s.Rev, [], _s.Series(), _s.Upstream), new GitSourceInfoStore());
        _s.Git.Commit(_s.Checkout, "pcid: read BARs without probing on virtio\n\nCloud Hypervisor treats the size probe as a BAR move.",
            new Dictionary<string, string> { [UpstreamScenario.MainRs] = UpstreamScenario.Lines(40, i => i == 5 ? "fn read_bar_no_probe() {}" : $"fn step_{i}() {{}}") });
        _s.Git.Commit(_s.Checkout, "Add the modern virtio-blk id", new Dictionary<string, string> { ["drivers/initfs.toml"] = "[[drivers]]\nname = \"virtio-blk\"\nids = [0x1001, 0x1042]\n" },
            new Dictionary<string, string?> { ["GIT_AUTHOR_NAME"] = "Zoë Contributor", ["GIT_AUTHOR_EMAIL"] = "zoe@example.org" });
        File.WriteAllBytes(Path.Combine(_s.Checkout, "drivers", "firmware.bin"), [0, 1, 2, 0xFF, 0xFE, 10, 13, 0]);
        File.WriteAllBytes(Path.Combine(_s.Checkout, "drivers", "latin1.txt"), Encoding.Latin1.GetBytes("caf\u00e9\r\n"));
        _s.Git.Commit(_s.Checkout, "Add firmware and a Latin-1 note", new Dictionary<string, string>());
        _s.Git.Run(_s.Checkout, "mv", "README.md", "README");
        _s.Git.Commit(_s.Checkout, "Rename the readme", new Dictionary<string, string>());
        return (await new GitSourceInfoStore().ReadAsync(Repository(), "base"))!;
    }

    private GitRepository Repository() => new(TestSession.Create(_s.RepositoryRoot).Processes, _s.Checkout);

    private Task<ExtractionReport> Extract(SourceInfo source, bool includeUncommitted = false) =>
        new PatchExtractor(TestSession.Create(_s.RepositoryRoot).Processes, _s.Paths, GitFixture.Identity)
            .ExtractAsync(new ExtractionRequest("base", _s.Checkout, source, _s.PatchDirectory, includeUncommitted));

    private Dictionary<string, byte[]> Snapshot() =>
        Directory.GetFiles(_s.PatchDirectory).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [RequiresToolsFact("git")]
    public async Task Commits_after_the_base_become_a_numbered_series_without_dates_or_commit_ids()
    {
        var source = await EditedCheckout();

        var report = await Extract(source);

        report.Added.Should().Equal(
            "0001-pcid-read-BARs-without-probing-on-virtio.patch", "0002-Add-the-modern-virtio-blk-id.patch",
            "0003-Add-firmware-and-a-Latin-1-note.patch", "0004-Rename-the-readme.patch");
        report.Describe().Should().StartWith("patches/base: added 0001-pcid-read-BARs-without-probing-on-virtio.patch, ");
        var first = File.ReadAllText(Path.Combine(_s.PatchDirectory, report.Added[0]));
        first.Should().StartWith(
            "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n" +
            "From: Ada Author <ada@example.org>\n" +
            "Date: Mon, 17 Sep 2001 00:00:00 +0000\n" +
            "Subject: [PATCH] pcid: read BARs without probing on virtio\n\n" +
            "Cloud Hypervisor treats the size probe as a BAR move.\n---\n");
        first.Should().NotContain("\n-- \n", "no signature with the git version");
        File.ReadAllText(Path.Combine(_s.PatchDirectory, report.Added[1])).Should().Contain("From: =?UTF-8?q?Zo=C3=AB=20Contributor?= <zoe@example.org>");
        File.ReadAllLines(Path.Combine(_s.PatchDirectory, ExtractionRecord.FileName)).Should().HaveCount(5);
    }

    [RequiresToolsFact("git")]
    public async Task The_series_applied_to_the_pinned_revision_gives_the_same_tree_and_extracts_to_the_same_bytes()
    {
        var source = await EditedCheckout();
        await Extract(source);
        var edited = _s.Git.Run(_s.Checkout, "rev-parse", "HEAD^{tree}");
        var extracted = Snapshot();
        var elsewhere = _s.CloneCheckout(_s.Git.PathOf("elsewhere"));
        var session = TestSession.Create(_s.RepositoryRoot);

        await new PatchSeriesApplier(session.Processes, elsewhere, _s.Paths).ApplyToCheckoutAsync(
            new PatchApplication("base", _s.Rev, [], _s.Series()), new GitSourceInfoStore());

        _s.Git.Run(elsewhere, "rev-parse", "HEAD^{tree}").Should().Be(edited);
        File.ReadAllBytes(Path.Combine(elsewhere, "drivers", "firmware.bin")).Should().Equal(0, 1, 2, 0xFF, 0xFE, 10, 13, 0);
        var again = await new PatchExtractor(session.Processes, _s.Paths).ExtractAsync(new ExtractionRequest("base", elsewhere,
            (await new GitSourceInfoStore().ReadAsync(new GitRepository(session.Processes, elsewhere), "base"))!, _s.PatchDirectory, false));
        again.Changed.Should().BeFalse();
        Snapshot().Should().BeEquivalentTo(extracted, o => o.WithStrictOrdering());
    }

    [RequiresToolsFact("git")]
    public async Task Extracting_twice_changes_nothing_not_even_modification_times()
    {
        var source = await EditedCheckout();
        await Extract(source);
        var before = Snapshot();
        var times = Directory.GetFiles(_s.PatchDirectory).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var report = await Extract(source);

        report.Changed.Should().BeFalse();
        report.Describe().Should().Be("patches/base is up to date (4 files); nothing was written.");
        Snapshot().Should().BeEquivalentTo(before);
        Directory.GetFiles(_s.PatchDirectory).ToDictionary(f => f, File.GetLastWriteTimeUtc).Should().Equal(times);
    }

    [RequiresToolsFact("git")]
    public async Task An_amended_commit_updates_its_patch_and_a_dropped_commit_removes_one()
    {
        var source = await EditedCheckout();
        await Extract(source);
        _s.Git.Run(_s.Checkout, "reset", "--quiet", "--hard", "HEAD~1");
        File.AppendAllText(Path.Combine(_s.Checkout, "drivers", "latin1.txt"), "more\n");
        _s.Git.Run(_s.Checkout, "commit", "--quiet", "--amend", "--all", "--no-edit");

        var report = await Extract(source);

        report.Updated.Should().Equal("0003-Add-firmware-and-a-Latin-1-note.patch");
        report.Removed.Should().Equal("0004-Rename-the-readme.patch");
        report.Describe().Should().Be("patches/base: updated 0003-Add-firmware-and-a-Latin-1-note.patch; removed 0004-Rename-the-readme.patch; unchanged 2 files.");
        File.Exists(Path.Combine(_s.PatchDirectory, "0004-Rename-the-readme.patch")).Should().BeFalse();
    }

    [RequiresToolsFact("git")]
    public async Task Uncommitted_changes_are_refused_with_what_to_do()
    {
        var source = await EditedCheckout();
        File.AppendAllText(Path.Combine(_s.Checkout, "README"), "draft\n");
        File.WriteAllText(Path.Combine(_s.Checkout, "new.rs"), "fn new() {}\n");

        var act = () => Extract(source);

        (await act.Should().ThrowAsync<BuildFailure>()).WithMessage(
            "build/sources/base has uncommitted changes:\n   M README\n  ?? new.rs\nCommit them (git -C build/sources/base commit -a), so they become a patch with your own message, and run ExtractPatches --recipe base again; " +
            "or add --include-uncommitted to put them into one last patch named 'Uncommitted changes'.");
        Directory.Exists(_s.PatchDirectory).Should().BeFalse();
    }

    [RequiresToolsFact("git")]
    public async Task Included_uncommitted_changes_become_a_last_patch_and_the_index_stays_as_it_was()
    {
        var source = await EditedCheckout();
        File.AppendAllText(Path.Combine(_s.Checkout, "README"), "draft\n");
        File.WriteAllText(Path.Combine(_s.Checkout, "new.rs"), "fn new() {}\n");
        var head = _s.Git.Run(_s.Checkout, "rev-parse", "HEAD");

        var report = await Extract(source, includeUncommitted: true);

        report.Added.Should().HaveCount(5).And.EndWith("0005-Uncommitted-changes.patch");
        report.IncludesUncommitted.Should().BeTrue();
        File.ReadAllText(Path.Combine(_s.PatchDirectory, "0005-Uncommitted-changes.patch")).Should().Contain("From: Ada Author <ada@example.org>").And.Contain("+fn new() {}");
        _s.Git.Run(_s.Checkout, "rev-parse", "HEAD").Should().Be(head);
        _s.Git.Run(_s.Checkout, "status", "--porcelain").Should().Be(" M README\n?? new.rs");
        var bytes = Snapshot();
        (await Extract(source, includeUncommitted: true)).Changed.Should().BeFalse("the uncommitted patch is stable too");
        Snapshot().Should().BeEquivalentTo(bytes);
    }

    [RequiresToolsFact("git")]
    public async Task A_patch_edited_by_hand_is_never_overwritten_silently()
    {
        var source = await EditedCheckout();
        var report = await Extract(source);
        var edited = Path.Combine(_s.PatchDirectory, report.Added[1]);
        File.AppendAllText(edited, "hand edit\n");
        File.WriteAllText(Path.Combine(_s.PatchDirectory, "0009-mine.patch"), "my own patch\n");
        var before = Snapshot();

        var act = () => Extract(source);

        (await act.Should().ThrowAsync<BuildFailure>()).WithMessage(
            "ExtractPatches would overwrite or remove files in patches/base that a person changed:\n" +
            "  0002-Add-the-modern-virtio-blk-id.patch was edited by hand since the last extraction\n" +
            "  0009-mine.patch was not written by ExtractPatches (it is not in extracted.sha256)\n" +
            "Nothing was written. Move the change into the source instead:*");
        Snapshot().Should().BeEquivalentTo(before);
    }

    [RequiresToolsFact("git")]
    public async Task A_series_file_is_kept_in_step_with_the_extracted_names()
    {
        var source = await EditedCheckout();
        Directory.CreateDirectory(_s.PatchDirectory);
        File.WriteAllText(Path.Combine(_s.PatchDirectory, "series"), "");
        var record = new ExtractionRecord(new Dictionary<string, string> { ["series"] = ExtractionRecord.Hash([]) });
        File.WriteAllBytes(Path.Combine(_s.PatchDirectory, ExtractionRecord.FileName), record.ToBytes());

        await Extract(source);

        File.ReadAllLines(Path.Combine(_s.PatchDirectory, "series")).Should().Equal(
            "0001-pcid-read-BARs-without-probing-on-virtio.patch", "0002-Add-the-modern-virtio-blk-id.patch",
            "0003-Add-firmware-and-a-Latin-1-note.patch", "0004-Rename-the-readme.patch");
        _s.Series().Patches.Should().HaveCount(4);
    }

    [Fact]
    public void Only_the_date_header_is_normalised()
    {
        var mail = Encoding.Latin1.GetBytes("From 0000 Mon Sep 17 00:00:00 2001\nFrom: A <a@b>\nDate: Tue, 3 Mar 2026 10:00:00 +0100\nSubject: [PATCH] x\n\nbody\nDate: keep\n\xe9");

        var result = Encoding.Latin1.GetString(PatchExtractor.NormaliseDate(mail));

        result.Should().Be("From 0000 Mon Sep 17 00:00:00 2001\nFrom: A <a@b>\nDate: Mon, 17 Sep 2001 00:00:00 +0000\nSubject: [PATCH] x\n\nbody\nDate: keep\n\xe9");
    }
}
