using System.Text.RegularExpressions;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Image.Assembly;

/// <summary>A dry run of DiskImage shows each cook once: the image reuses what Packages cooked in the same run.</summary>
public sealed class ImageDryRunSpecs : IDisposable
{
    private readonly string _root = BuildHarness.CreateTemporaryRoot();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_DiskImage_dry_run_lists_each_recipe_it_would_cook_once()
    {
        foreach (var recipe in new[] { "bootloader", "kernel", "base", "redoxfs", "hello" })
        {
            Directory.CreateDirectory(Path.Combine(_root, "recipes", recipe));
            File.WriteAllText(Path.Combine(_root, "recipes", recipe, "recipe.toml"), "[build]\ntemplate = \"none\"\n");
        }
        Directory.CreateDirectory(Path.Combine(_root, "profiles"));
        File.WriteAllText(Path.Combine(_root, "profiles", "tiny.toml"), "[packages]\nbootloader = {}\nkernel = {}\nbase = {}\nredoxfs = {}\nhello = {}\n");

        var result = await BuildHarness.RunAsync(_root, ["DiskImage", "--profile", "tiny", "--target-triple", "x86_64-unknown-linux-gnu", "--skip", "HostTools",
            "--initfs-archiver", "/usr/bin/true", "--redoxfs-archiver", "/usr/bin/true", "--dry-run"]);

        result.ExitCode.Should().Be(0, result.Out);
        var wouldCook = Regex.Matches(result.Out, @"would cook (\S+)").Select(m => m.Groups[1].Value).ToList();
        wouldCook.Should().OnlyHaveUniqueItems().And.Contain("hello");
    }
}
