using RedoxBuild.Tests.Support;
using RedoxBuild.Upstream;

namespace RedoxBuild.Tests.Upstream;

/// <summary>
/// The whole workflow through the real build, as a person runs it: a patched checkout with two local commits,
/// ExtractPatches, PrepareUpstream, the description written by the "author", then FileUpstream.
/// </summary>
internal sealed class UpstreamWorkflow(UpstreamScenario scenario)
{
    public const string Title = "Read BARs without probing on virtio devices";
    public const string Problem = "Cloud Hypervisor treats pcid's BAR size probe as a BAR move and fails.";

    public static readonly IReadOnlyDictionary<string, string> Identity = new Dictionary<string, string>
    {
        ["GIT_AUTHOR_NAME"] = "Ada Author",
        ["GIT_AUTHOR_EMAIL"] = "ada@example.org",
        ["GIT_COMMITTER_NAME"] = "Ada Author",
        ["GIT_COMMITTER_EMAIL"] = "ada@example.org",
    };

    public string Prepared => Path.Combine(scenario.RepositoryRoot, "build", "upstream", UpstreamScenario.Recipe);

    public string Description => Path.Combine(Prepared, PreparedUpstream.DescriptionFile);

    public Task<BuildHarness.Result> Run(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var env = new Dictionary<string, string>(Identity);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) env[name] = value;
        return BuildHarness.RunAsync(scenario.RepositoryRoot, ["--no-logo", .. args], env);
    }

    /// <summary>Checkout, two commits, ExtractPatches and PrepareUpstream through the build; returns the prepared head.</summary>
    public async Task<PreparedUpstream> PrepareAsync()
    {
        scenario.CloneCheckout();
        var (applier, _) = scenario.Applier();
        await applier.ApplyToCheckoutAsync(new PatchApplication("base", scenario.Rev, [], scenario.Series(), scenario.Upstream, "master"), new GitSourceInfoStore());
        scenario.Git.Commit(scenario.Checkout, "pcid: read BARs without probing on virtio",
            new Dictionary<string, string> { [UpstreamScenario.MainRs] = UpstreamScenario.Lines(40, i => i == 5 ? "fn read_bar_no_probe() {}" : $"fn step_{i}() {{}}") });
        scenario.Git.Commit(scenario.Checkout, "Add the modern virtio-blk id", new Dictionary<string, string> { ["drivers/initfs.toml"] = "[[drivers]]\nname = \"virtio-blk\"\nids = [0x1001, 0x1042]\n" });

        var extract = await Run(null, "ExtractPatches", "--recipe", "base");
        extract.ExitCode.Should().Be(0, extract.Out);
        var prepare = await Run(null, "PrepareUpstream", "--recipe", "base", "--topic", "virtio-bars");
        prepare.ExitCode.Should().Be(0, prepare.Out);
        return PreparedUpstream.Load(Prepared)!;
    }

    /// <summary>What the author writes into the skeleton.</summary>
    public void WriteDescription()
    {
        var text = File.ReadAllText(Description)
            .Replace("Title:\n", $"Title: {Title}\n", StringComparison.Ordinal)
            .Replace("## Problem\n\n", $"## Problem\n\n{Problem}\n\n", StringComparison.Ordinal);
        File.WriteAllText(Description, text);
    }

    /// <summary>Every file the run left under .nuke/temp and build/upstream, for secret scans.</summary>
    public string AllWrittenText() =>
        string.Concat(new[] { Path.Combine(scenario.RepositoryRoot, ".nuke"), Prepared }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}objects{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
}
