using RedoxBuild.Cook.Fetch;
using RedoxBuild.Engine;
using RedoxBuild.Hashing;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.Fetch;

/// <summary>Release archives: download once, verify BLAKE3/SHA-256, trust on first use, extract as a git snapshot.</summary>
public class ArchiveSourceSpecs : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("redox-archive-").FullName;
    private readonly LoopbackFileServer _server = new();
    private readonly byte[] _tarball;
    private readonly string _blake3;
    private readonly string _sha256;

    public ArchiveSourceSpecs()
    {
        var tree = Path.Combine(_temp, "tree", "hello-1.0");
        Directory.CreateDirectory(Path.Combine(tree, "src"));
        File.WriteAllText(Path.Combine(tree, "src", "hello.c"), "int main(void) { return 0; }\n");
        File.WriteAllText(Path.Combine(tree, ".gitignore"), "generated.h\n*.log\n");
        File.WriteAllText(Path.Combine(tree, "generated.h"), "#define GENERATED 1\n");
        GitRepo.RunTool(Path.Combine(_temp, "tree"), "tar", "czf", Path.Combine(_temp, "hello-1.0.tar.gz"), "hello-1.0");
        _tarball = File.ReadAllBytes(Path.Combine(_temp, "hello-1.0.tar.gz"));
        _blake3 = Blake3.ToHex(Blake3.HashData(_tarball));
        _sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(_tarball));
        _server.Serve("hello-1.0.tar.gz", _tarball);
    }

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    private Downloader Downloader(TestSession session, bool dryRun = false, bool offline = false) =>
        new(new HttpClient(), Path.Combine(_temp, "cache", "downloads"), session.Session.Logger, dryRun, offline);

    [RequiresToolsFact("tar")]
    public async Task Offline_an_archive_missing_from_the_cache_is_not_downloaded()
    {
        var act = () => Downloader(new TestSession(_temp), offline: true).FetchAsync(_server.Url("hello-1.0.tar.gz"), _blake3, _sha256, default, "hello");

        (await act.Should().ThrowAsync<BuildFailure>()).Which.Message.Should().Be(
            $"--offline: {_server.Url("hello-1.0.tar.gz")} is not in the download cache {Path.Combine(_temp, "cache", "downloads")} (needed by recipe hello); " +
            "run ./build.sh Fetch --recipe hello once with the network, or copy the source cache here.");
        _server.Requests.Should().Be(0);
    }

    [RequiresToolsFact("tar")]
    public async Task Offline_an_archive_in_the_cache_is_served_from_it()
    {
        var online = await Downloader(new TestSession(_temp)).FetchAsync(_server.Url("hello-1.0.tar.gz"), _blake3, null, default);

        var offline = await Downloader(new TestSession(_temp), offline: true).FetchAsync(_server.Url("hello-1.0.tar.gz"), _blake3, null, default, "hello");

        offline.Should().Be(online);
        _server.Requests.Should().Be(1);
    }

    [RequiresToolsFact("tar")]
    public async Task An_archive_is_downloaded_once_verified_and_served_from_the_cache_afterwards()
    {
        var session = new TestSession(_temp);

        var first = await Downloader(session).FetchAsync(_server.Url("hello-1.0.tar.gz"), _blake3, _sha256, default);
        var second = await Downloader(session).FetchAsync(_server.Url("hello-1.0.tar.gz"), _blake3, null, default);

        first.Should().Be(second);
        first.Path.Should().Be(Path.Combine(_temp, "cache", "downloads", "blake3", _blake3));
        File.ReadAllBytes(first.Path).Should().Equal(_tarball);
        _server.Requests.Should().Be(1);
    }

    [RequiresToolsFact("tar")]
    public async Task A_BLAKE3_mismatch_refuses_the_archive_and_keeps_nothing()
    {
        var wrong = new string('0', 64);

        var act = () => Downloader(new TestSession(_temp)).FetchAsync(_server.Url("hello-1.0.tar.gz"), wrong, null, default);

        (await act.Should().ThrowAsync<BuildFailure>()).Which.Message.Should().Be(
            $"{_server.Url("hello-1.0.tar.gz")}: BLAKE3 mismatch: expected {wrong}, actual {_blake3}. The archive was refused and deleted. " +
            "If the publisher really changed it, check why, then update the recipe's checksum (or its recipes.lock entry).");
        Directory.EnumerateFiles(Path.Combine(_temp, "cache"), "*", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [RequiresToolsFact("tar")]
    public async Task A_SHA256_mismatch_is_refused_too()
    {
        var act = () => Downloader(new TestSession(_temp)).FetchAsync(_server.Url("hello-1.0.tar.gz"), null, new string('f', 64), default);

        (await act.Should().ThrowAsync<BuildFailure>()).Which.Message.Should().Contain("SHA-256 mismatch");
    }

    [Fact]
    public async Task A_missing_archive_names_the_HTTP_status()
    {
        var act = () => Downloader(new TestSession(_temp)).FetchAsync(_server.Url("nope.tar.gz"), null, null, default);

        (await act.Should().ThrowAsync<BuildFailure>()).Which.Message.Should().Be($"Downloading {_server.Url("nope.tar.gz")} failed: HTTP 404 Not Found.");
    }

    [Fact]
    public async Task An_archive_URL_with_an_unsupported_scheme_names_the_schemes_that_work()
    {
        var act = () => Downloader(new TestSession(_temp)).FetchAsync("ftp://ftp.example.org/hello-1.0.tar.gz", null, null, default);

        (await act.Should().ThrowAsync<BuildFailure>()).Which.Message.Should().Be(
            "Archive ftp://ftp.example.org/hello-1.0.tar.gz: the ftp:// scheme is not supported; use an https:// (or http://) URL, a file:// URL or a local path.");
    }

    [Fact]
    public async Task An_unreachable_server_names_the_archive_and_how_to_build_offline()
    {
        // A loopback port nothing listens on: connection refused, as an offline machine's DNS failure is for a real host.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = $"http://127.0.0.1:{port}/hello-1.0.tar.gz";

        var act = () => Downloader(new TestSession(_temp)).FetchAsync(url, null, null, default);

        var failure = (await act.Should().ThrowAsync<BuildFailure>()).Which;
        failure.Message.Should().StartWith($"Downloading {url} failed: ").And.Contain("./build.sh Fetch").And.Contain("--offline");
        Directory.EnumerateFiles(Path.Combine(_temp, "cache", "downloads"), "*", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [RequiresToolsFact("tar", "git")]
    public async Task An_archive_is_extracted_as_a_clean_git_snapshot_and_re_extracted_only_when_it_changes()
    {
        var session = new TestSession(_temp);
        var archive = await Downloader(session).FetchAsync(_server.Url("hello-1.0.tar.gz"), null, null, default);
        var checkout = new ArchiveCheckout(new Git(session.Processes), session.Processes);
        var dir = Path.Combine(_temp, "sources", "hello");
        Directory.CreateDirectory(Path.Combine(_temp, "sources"));

        (await checkout.EnsureAsync("hello", dir, _server.Url("hello-1.0.tar.gz"), archive, "none")).Should().BeTrue();
        (await checkout.EnsureAsync("hello", dir, _server.Url("hello-1.0.tar.gz"), archive, "none")).Should().BeFalse();

        File.ReadAllText(Path.Combine(dir, "src", "hello.c")).Should().Be("int main(void) { return 0; }\n");
        GitRepo.Run(dir, "ls-files").Should().Contain("generated.h", "an archive's .gitignore must not hide its files from the snapshot");
        GitRepo.Run(dir, "status", "--porcelain").Should().BeEmpty();
        CheckoutGuard.ReadState(dir)!.Revision.Should().Be(_blake3);

        File.AppendAllText(Path.Combine(dir, "src", "hello.c"), "// my edit\n");
        var act = () => checkout.EnsureAsync("hello", dir, _server.Url("hello-1.0.tar.gz"), archive, "patches-v2");
        (await act.Should().ThrowAsync<LocalEditsException>()).Which.Message.Should().Contain("1 changed file");
    }

    [RequiresToolsTheory("tar", "git")]
    [InlineData("ignored file", "1 ignored file (notes.log)", "git -C {0} clean -fdX")]
    [InlineData("stash", "1 stash entry", "git -C {0} stash clear")]
    [InlineData("branch", "refs refs/heads/experiment", "git -C {0} update-ref -d refs/heads/experiment")]
    public async Task A_new_archive_never_replaces_a_checkout_holding_state_a_fresh_copy_would_lose(string kind, string named, string discard)
    {
        var (checkout, dir, archive) = await ExtractedAsync();
        switch (kind)
        {
            case "ignored file":
                File.WriteAllText(Path.Combine(dir, "notes.log"), "my notes\n");
                break;
            case "stash":
                File.AppendAllText(Path.Combine(dir, "src", "hello.c"), "// half done\n");
                GitRepo.Run(dir, "-c", "user.name=Ada", "-c", "user.email=ada@example.invalid", "stash", "--quiet");
                break;
            case "branch":
                GitRepo.Run(dir, "branch", "experiment");
                break;
        }
        var before = Snapshot(dir);

        var act = () => checkout.EnsureAsync("hello", dir, _server.Url("hello-1.0.tar.gz"), archive, "patches-v2");

        var message = (await act.Should().ThrowAsync<LocalEditsException>()).Which.Message;
        message.Should().Contain($"{dir} holds what a fresh copy would lose ({named})")
            .And.Contain("Keep them:").And.Contain("Build them:").And.Contain(string.Format(System.Globalization.CultureInfo.InvariantCulture, discard, dir));
        Snapshot(dir).Should().Be(before);
        CheckoutGuard.ReadState(dir)!.AppliedIdentity.Should().Be("none");
    }

    [RequiresToolsFact("tar", "git")]
    public async Task A_checkout_with_nothing_of_the_users_is_replaced_by_a_new_archive_as_before()
    {
        var (checkout, dir, archive) = await ExtractedAsync();

        (await checkout.EnsureAsync("hello", dir, _server.Url("hello-1.0.tar.gz"), archive, "patches-v2")).Should().BeTrue();

        CheckoutGuard.ReadState(dir)!.AppliedIdentity.Should().Be("patches-v2");
        Directory.EnumerateDirectories(Path.Combine(_temp, "sources")).Should().ContainSingle("no .partial or .old directory is left");
    }

    private async Task<(ArchiveCheckout Checkout, string Directory, DownloadedArchive Archive)> ExtractedAsync()
    {
        var session = new TestSession(_temp);
        var archive = await Downloader(session).FetchAsync(_server.Url("hello-1.0.tar.gz"), null, null, default);
        var checkout = new ArchiveCheckout(new Git(session.Processes), session.Processes);
        var dir = Path.Combine(_temp, "sources", "hello");
        Directory.CreateDirectory(Path.Combine(_temp, "sources"));
        await checkout.EnsureAsync("hello", dir, _server.Url("hello-1.0.tar.gz"), archive, "none");
        return (checkout, dir, archive);
    }

    /// <summary>Every ref, the stash and every file (with content) outside .git: what the user would lose.</summary>
    private static string Snapshot(string dir) =>
        GitRepo.Run(dir, "for-each-ref", "--format=%(refname) %(objectname)") + GitRepo.Run(dir, "stash", "list") +
        string.Join("\n", Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(f => $"{f}={File.ReadAllText(f)}"));

    [Fact]
    public void The_lock_records_entries_sorted_and_forgets_them_when_the_source_changes()
    {
        var path = Path.Combine(_temp, "recipes.lock");
        var recipesLock = RecipesLock.Load(path);
        recipesLock.Record("zlib", new LockEntry("tar:https://zlib.net/zlib-1.3.tar.gz", Blake3: "ab12"));
        recipesLock.Record("ion", new LockEntry("git:https://gitlab.redox-os.org/redox-os/ion.git#master", Branch: "master", Rev: "1440704f"));

        var reloaded = RecipesLock.Load(path);

        reloaded.Find("ion", "git:https://gitlab.redox-os.org/redox-os/ion.git#master")!.Rev.Should().Be("1440704f");
        reloaded.Find("ion", "git:https://example.org/fork.git#master").Should().BeNull("the recipe now names another source");
        File.ReadAllText(path).Should().Be("""
            # What floating recipe sources resolved to: branch commits, and archive checksums recorded on first download.
            # Written by ./build.sh Fetch/Cook and honoured by later builds; commit it. Delete an entry to move that recipe forward.

            [recipes.ion]
            source = "git:https://gitlab.redox-os.org/redox-os/ion.git#master"
            branch = "master"
            rev = "1440704f"

            [recipes.zlib]
            source = "tar:https://zlib.net/zlib-1.3.tar.gz"
            blake3 = "ab12"

            """.Replace("\r\n", "\n"));
    }
}
