using RedoxBuild.Cook.Fetch;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.Fetch;

/// <summary>Git sources through the shared mirror cache into per-recipe checkouts, with real git and local repositories.</summary>
public class SourceCheckoutSpecs : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("redox-fetch-").FullName;
    private readonly GitRepo _upstream;
    private readonly string _first;

    public SourceCheckoutSpecs()
    {
        _upstream = GitRepo.Create(_temp, "kernel");
        _first = _upstream.Commit("first", ("src/main.rs", "fn main() {}\n"));
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private (SourceCheckout Checkout, GitMirrorCache Mirrors, TestSession Session) Create(bool dryRun = false)
    {
        var session = new TestSession(_temp, dryRun);
        var git = new Git(session.Processes);
        var mirrors = new GitMirrorCache(git, Path.Combine(_temp, "cache", "git"));
        return (new SourceCheckout(git, mirrors), mirrors, session);
    }

    private string CheckoutDir => Path.Combine(_temp, "sources", "kernel");

    [RequiresToolsFact("git")]
    public async Task A_first_fetch_mirrors_the_repository_and_checks_out_the_pinned_commit()
    {
        var (checkout, mirrors, _) = Create();
        Directory.CreateDirectory(Path.Combine(_temp, "sources"));

        var changed = await checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, _first, "none");

        changed.Should().BeTrue();
        File.ReadAllText(Path.Combine(CheckoutDir, "src", "main.rs")).Should().Be("fn main() {}\n");
        GitRepo.Run(CheckoutDir, "rev-parse", "HEAD").Trim().Should().Be(_first);
        Directory.Exists(mirrors.PathFor(_upstream.Bare)).Should().BeTrue();
        CheckoutGuard.ReadState(CheckoutDir).Should().Be(new CheckoutState(_upstream.Bare, _first, "none", _first));
        GitRepo.Run(CheckoutDir, "status", "--porcelain").Should().BeEmpty("the state file lives inside .git");
    }

    [RequiresToolsFact("git")]
    public async Task An_unchanged_recipe_leaves_the_checkout_alone()
    {
        var (checkout, _, session) = Create();
        Directory.CreateDirectory(Path.Combine(_temp, "sources"));
        await checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, _first, "none");

        var changed = await checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, _first, "none");

        changed.Should().BeFalse();
        session.Log.Split('\n').Count(l => l.Contains("checkout", StringComparison.Ordinal) && l.Contains("--detach", StringComparison.Ordinal)).Should().Be(1);
    }

    [RequiresToolsFact("git")]
    public async Task A_new_pin_fetches_the_mirror_and_moves_a_clean_checkout()
    {
        var (checkout, _, _) = Create();
        Directory.CreateDirectory(Path.Combine(_temp, "sources"));
        await checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, _first, "none");
        var second = _upstream.Commit("second", ("src/main.rs", "fn main() { println!(\"hi\"); }\n"));

        var changed = await checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, second, "none");

        changed.Should().BeTrue();
        GitRepo.Run(CheckoutDir, "rev-parse", "HEAD").Trim().Should().Be(second);
    }

    [RequiresToolsFact("git")]
    public async Task A_checkout_with_uncommitted_edits_is_never_reset()
    {
        var (checkout, _, _) = Create();
        Directory.CreateDirectory(Path.Combine(_temp, "sources"));
        await checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, _first, "none");
        var edited = Path.Combine(CheckoutDir, "src", "main.rs");
        File.WriteAllText(edited, "fn main() { /* my fix */ }\n");
        var second = _upstream.Commit("second", ("src/main.rs", "upstream change\n"));

        var act = () => checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, second, "none");

        (await act.Should().ThrowAsync<LocalEditsException>()).Which.Message.Should().Be(
            $"{CheckoutDir} has local edits (1 changed file: src/main.rs); this build never resets them.\n" +
            "  Keep them:    ./build.sh ExtractPatches --recipe kernel   (turns them into patches/kernel/, applied on every build, Cook --recipe's too)\n" +
            "  Build them:   in a profile, set [packages] kernel = \"local\" to build the checkout as it is (Cook --recipe has no rules: keep them as patches)\n" +
            $"  Discard them: git -C {CheckoutDir} reset --hard {_first} && git -C {CheckoutDir} clean -fd");
        File.ReadAllText(edited).Should().Be("fn main() { /* my fix */ }\n");
    }

    [RequiresToolsFact("git")]
    public async Task Untracked_files_are_named_and_the_message_says_they_may_be_build_output_with_the_clean_commands()
    {
        var (checkout, _, _) = Create();
        Directory.CreateDirectory(Path.Combine(_temp, "sources"));
        await checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, _first, "none");
        File.WriteAllText(Path.Combine(CheckoutDir, "src", "main.rs"), "fn main() { /* my fix */ }\n");
        Directory.CreateDirectory(Path.Combine(CheckoutDir, "out"));
        File.WriteAllText(Path.Combine(CheckoutDir, "out", "main.o"), "object\n");
        File.WriteAllText(Path.Combine(CheckoutDir, "config.status"), "generated\n");
        var second = _upstream.Commit("second", ("src/main.rs", "upstream change\n"));

        var act = () => checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, second, "none");

        (await act.Should().ThrowAsync<LocalEditsException>()).Which.Message.Should().Be(
            $"{CheckoutDir} has local edits (3 changed files: src/main.rs, config.status (untracked), out/ (untracked)); this build never resets them.\n" +
            "  Untracked files may be build output the recipe's script wrote into the source tree (e.g. a make in ${COOKBOOK_SOURCE}): " +
            $"list them with git -C {CheckoutDir} clean -n -d, then remove them with git -C {CheckoutDir} clean -f -d\n" +
            "  Keep them:    ./build.sh ExtractPatches --recipe kernel   (turns them into patches/kernel/, applied on every build, Cook --recipe's too)\n" +
            "  Build them:   in a profile, set [packages] kernel = \"local\" to build the checkout as it is (Cook --recipe has no rules: keep them as patches)\n" +
            $"  Discard them: git -C {CheckoutDir} reset --hard {_first} && git -C {CheckoutDir} clean -fd");
    }

    [RequiresToolsFact("git")]
    public async Task More_than_ten_changed_files_are_named_up_to_ten_with_the_rest_counted()
    {
        var (checkout, _, _) = Create();
        Directory.CreateDirectory(Path.Combine(_temp, "sources"));
        await checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, _first, "none");
        for (var i = 0; i < 12; i++) File.WriteAllText(Path.Combine(CheckoutDir, $"f{i:D2}.o"), "x\n");
        var second = _upstream.Commit("second", ("src/main.rs", "upstream change\n"));

        var act = () => checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, second, "none");

        (await act.Should().ThrowAsync<LocalEditsException>()).Which.Message.Should().StartWith(
            $"{CheckoutDir} has local edits (12 changed files: " +
            string.Join(", ", Enumerable.Range(0, 10).Select(i => $"f{i:D2}.o (untracked)")) +
            $", ... (2 more: git -C {CheckoutDir} status)); this build never resets them.\n");
    }

    [RequiresToolsFact("git")]
    public async Task A_checkout_with_local_commits_is_never_reset_even_when_the_pin_is_unchanged()
    {
        var (checkout, _, _) = Create();
        Directory.CreateDirectory(Path.Combine(_temp, "sources"));
        await checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, _first, "none");
        File.WriteAllText(Path.Combine(CheckoutDir, "NOTES"), "mine\n");
        GitRepo.Run(CheckoutDir, "add", "NOTES");
        GitRepo.Run(CheckoutDir, "-c", "user.name=Me", "-c", "user.email=me@example.invalid", "commit", "--quiet", "-m", "my work");

        var act = () => checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, _first, "none");

        (await act.Should().ThrowAsync<LocalEditsException>()).Which.Message.Should().Contain("(1 commit on top of the pinned source)");
        File.Exists(Path.Combine(CheckoutDir, "NOTES")).Should().BeTrue();
    }

    [RequiresToolsFact("git")]
    public async Task A_directory_this_build_did_not_make_is_refused()
    {
        var (checkout, _, _) = Create();
        Directory.CreateDirectory(CheckoutDir);
        File.WriteAllText(Path.Combine(CheckoutDir, "precious.txt"), "x");

        var act = () => checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, _first, "none");

        (await act.Should().ThrowAsync<LocalEditsException>()).Which.Message.Should().StartWith($"{CheckoutDir} exists but was not made by this build");
        File.Exists(Path.Combine(CheckoutDir, "precious.txt")).Should().BeTrue();
    }

    [RequiresToolsFact("git")]
    public async Task A_pin_the_repository_does_not_have_fails_naming_it()
    {
        var (checkout, _, _) = Create();
        Directory.CreateDirectory(Path.Combine(_temp, "sources"));
        var missing = new string('a', 40);

        var act = () => checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, missing, "none");

        (await act.Should().ThrowAsync<Engine.BuildFailure>()).Which.Message.Should().StartWith($"{_upstream.Bare} has no commit '{missing}'");
    }

    [RequiresToolsFact("git")]
    public async Task Branches_resolve_to_their_current_tip()
    {
        var (_, mirrors, _) = Create();
        (await mirrors.ResolveBranchAsync(_upstream.Bare, "main")).Should().Be(_first);

        var second = _upstream.Commit("second", ("b.txt", "b"));

        (await mirrors.ResolveBranchAsync(_upstream.Bare, "main")).Should().Be(second);
    }

    [RequiresToolsFact("git")]
    public async Task Submodules_are_checked_out_recursively()
    {
        var lib = GitRepo.Create(_temp, "openlibm");
        lib.Commit("lib", ("libm.c", "int x;\n"));
        GitRepo.Run(_upstream.Work, "-c", "protocol.file.allow=always", "submodule", "add", "--quiet", lib.Bare, "openlibm");
        var withSubmodule = _upstream.Commit("add submodule");
        var (checkout, _, _) = Create();
        Directory.CreateDirectory(Path.Combine(_temp, "sources"));

        await checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, withSubmodule, "none");

        File.ReadAllText(Path.Combine(CheckoutDir, "openlibm", "libm.c")).Should().Be("int x;\n");
    }

    [RequiresToolsFact("git")]
    public async Task A_checkout_made_by_an_earlier_version_stops_borrowing_the_mirrors_objects()
    {
        var (checkout, mirrors, _) = Create();
        await mirrors.EnsureAsync(_upstream.Bare, _first);
        var mirror = mirrors.PathFor(_upstream.Bare);
        GitRepo.Run(_temp, "clone", "--shared", "--no-checkout", "--quiet", mirror, CheckoutDir);
        GitRepo.Run(CheckoutDir, "checkout", "--quiet", "--detach", _first);
        CheckoutGuard.WriteState(CheckoutDir, new CheckoutState(_upstream.Bare, _first, "none", _first));

        var changed = await checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, _first, "none");
        Directory.Delete(mirror, recursive: true);

        changed.Should().BeFalse();
        File.Exists(Path.Combine(CheckoutDir, ".git", "objects", "info", "alternates")).Should().BeFalse();
        GitRepo.Run(CheckoutDir, "log", "--format=%H").Trim().Should().Be(_first);
        GitRepo.Run(CheckoutDir, "fsck", "--no-dangling").Should().BeEmpty();
    }

    [RequiresToolsFact("git")]
    public async Task A_dry_run_prints_the_git_commands_and_creates_nothing()
    {
        var (checkout, mirrors, session) = Create(dryRun: true);

        await checkout.EnsureAsync("kernel", CheckoutDir, _upstream.Bare, _first, "none");

        Directory.Exists(CheckoutDir).Should().BeFalse();
        Directory.Exists(mirrors.Root).Should().BeFalse();
        var lines = session.Processes.Planned.Select(p => string.Join(' ', p.Arguments)).ToList();
        lines.Should().ContainInOrder(
            $"clone --mirror --quiet {_upstream.Bare} {mirrors.PathFor(_upstream.Bare)}.partial-{Environment.ProcessId}",
            $"clone --local --no-checkout --quiet {mirrors.PathFor(_upstream.Bare)} {CheckoutDir}.partial",
            $"checkout --quiet --force --detach {_first}");
    }
}
