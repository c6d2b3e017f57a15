using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Spine;

/// <summary>Clean and CleanRecipe delete build output only: never through a link, never outside build/, never a record the build needs.</summary>
public sealed class CleanSpecs : IDisposable
{
    private readonly string _root = BuildHarness.CreateTemporaryRoot();
    private readonly string _outside = Directory.CreateTempSubdirectory("redox-clean-outside-").FullName;

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private string Write(string relative, string text = "kept")
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("../../sources/victim")]
    [InlineData("..")]
    [InlineData("/OUTSIDE/victim")]
    public async Task CleanRecipe_refuses_a_path_for_a_recipe_name_and_deletes_nothing(string name)
    {
        Directory.CreateDirectory(Path.Combine(_root, "build", "work", "x86_64-unknown-redox", "relibc"));
        var edited = Write("build/sources/victim/edited.c", "my work");
        var outside = Path.Combine(_outside, "victim", "notes.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(outside)!);
        File.WriteAllText(outside, "mine");

        var result = await BuildHarness.RunAsync(_root, ["CleanRecipe", "--recipe", name.Replace("/OUTSIDE", _outside, StringComparison.Ordinal)]);

        result.ExitCode.Should().Be(1, result.Out);
        result.Out.Should().Contain("is not a recipe name: give the name of the recipe's folder");
        File.Exists(edited).Should().BeTrue();
        File.Exists(outside).Should().BeTrue();
        Directory.Exists(Path.Combine(_root, "build", "work", "x86_64-unknown-redox", "relibc")).Should().BeTrue();
    }

    [Fact]
    public async Task Dry_runs_of_Clean_and_CleanRecipe_say_what_they_would_delete_and_delete_nothing()
    {
        var tree = Write("build/work/x86_64-unknown-redox/relibc/build/libc.a", "archive");
        var image = Write("build/images/default/harddrive.img", "image");

        var clean = await BuildHarness.RunAsync(_root, ["Clean", "--clean-scope", "work,images", "--dry-run"]);
        var cleanRecipe = await BuildHarness.RunAsync(_root, ["CleanRecipe", "--recipe", "relibc", "--dry-run"]);

        clean.ExitCode.Should().Be(0, clean.Out);
        clean.Out.Should().Contain("[dry-run] would clean build/work (7 B)").And.Contain("[dry-run] would clean build/images (5 B)");
        cleanRecipe.ExitCode.Should().Be(0, cleanRecipe.Out);
        cleanRecipe.Out.Should().Contain("[dry-run] would delete").And.Contain("build/work/x86_64-unknown-redox/relibc");
        File.Exists(tree).Should().BeTrue();
        File.Exists(image).Should().BeTrue();
    }

    [Fact]
    public async Task CleanRecipe_of_a_recipe_with_no_outputs_says_there_is_nothing_to_clean()
    {
        var result = await BuildHarness.RunAsync(_root, ["CleanRecipe", "--recipe", "nosuch"]);

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain("Nothing to clean for nosuch: no build trees or staged outputs");
    }

    [Fact]
    public async Task Clean_removes_links_in_build_trees_without_following_them()
    {
        var target = Path.Combine(_outside, "sources");
        Directory.CreateDirectory(Path.Combine(target, "sub"));
        File.WriteAllText(Path.Combine(target, "sub", "work.c"), "mine");
        File.WriteAllText(Path.Combine(_outside, "file.txt"), "mine too");
        Write("build/work/x86_64-unknown-redox/base/build/out.o", "object");
        Directory.CreateSymbolicLink(Path.Combine(_root, "build", "work", "x86_64-unknown-redox", "base", "source"), target);
        File.CreateSymbolicLink(Path.Combine(_root, "build", "work", "file-link"), Path.Combine(_outside, "file.txt"));

        var result = await BuildHarness.RunAsync(_root, ["Clean"]);

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain("Cleaned build/work (6 B)", "only the object file was freed");
        Directory.EnumerateFileSystemEntries(Path.Combine(_root, "build", "work")).Should().BeEmpty();
        File.ReadAllText(Path.Combine(target, "sub", "work.c")).Should().Be("mine");
        File.ReadAllText(Path.Combine(_outside, "file.txt")).Should().Be("mine too");
    }

    [Fact]
    public async Task Cleaning_logs_keeps_the_network_record_the_SDK_and_the_newest_log()
    {
        var oldLog = Write(".nuke/temp/build.2026-01-01_00-00-00.log", "old");
        var newest = Write(".nuke/temp/build.2026-02-01_00-00-00.log", "newer");
        var dryRun = Write(".nuke/temp/dry-run.sh", "echo");
        var network = Write(".nuke/temp/network/host/state.json", "{}");
        var sdk = Write(".nuke/temp/dotnet-unix/dotnet", "sdk");
        var attempt = Write(".nuke/temp/build-attempt.log", "continue state");

        var result = await BuildHarness.RunAsync(_root, ["Clean", "--clean-scope", "logs"]);

        result.ExitCode.Should().Be(0, result.Out);
        File.Exists(oldLog).Should().BeFalse();
        File.Exists(dryRun).Should().BeFalse();
        new[] { network, sdk, attempt }.Should().OnlyContain(f => File.Exists(f));
        File.Exists(newest).Should().BeFalse("the run's own log is newer still");
    }
}
