using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Spine;

/// <summary>Values a person can mistype: each fails with one message naming the parameter and the fix, no stack trace, no secret.</summary>
public sealed class InputErrorSpecs : IDisposable
{
    private readonly string _root = BuildHarness.CreateTemporaryRoot();

    public InputErrorSpecs()
    {
        var recipe = Directory.CreateDirectory(Path.Combine(_root, "recipes", "hello")).FullName;
        File.WriteAllText(Path.Combine(recipe, "recipe.toml"), "[build]\ntemplate = \"custom\"\nscript = \"mkdir -p $COOKBOOK_STAGE/usr/share && echo hi > $COOKBOOK_STAGE/usr/share/hello\"\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<BuildHarness.Result> Cook(params string[] extra) =>
        BuildHarness.RunAsync(_root, ["Cook", "--recipe", "hello", "--target-triple", "x86_64-unknown-linux-gnu", .. extra]);

    private static void FailsWith(BuildHarness.Result result, string message)
    {
        result.ExitCode.Should().Be(1, result.Out);
        result.Out.Should().Contain(message).And.NotContain("   at ", "no stack trace for a value the user gave");
    }

    [Theory]
    [InlineData("--jobs", "0", "--jobs (env JOBS) must be at least 1, got 0")]
    [InlineData("--cache-timeout", "0", "--cache-timeout (env CACHE_TIMEOUT) must be at least 1 second, got 0")]
    [InlineData("--cache-jobs", "-1", "--cache-jobs (env CACHE_JOBS) must be at least 1, got -1")]
    public async Task Counts_below_one_name_their_parameter(string parameter, string value, string message) =>
        FailsWith(await Cook(parameter, value), message);

    [Fact]
    public async Task An_S3_endpoint_that_is_not_a_URL_names_the_parameter()
    {
        FailsWith(await Cook("--cache-url", "s3://bucket/prefix", "--cache-s3-endpoint", "notaurl"),
            "--cache-s3-endpoint notaurl is not an http(s) URL; give e.g. http://127.0.0.1:9000");
    }

    [Fact]
    public async Task A_cache_URL_that_does_not_parse_never_shows_its_password()
    {
        var result = await Cook("--cache-url", "https://user:hunter2pw@host:99999/x");

        FailsWith(result, "--cache-url 'https://***@host:99999/x' is not a URL");
        result.Out.Should().NotContain("hunter2pw");
        Directory.EnumerateFiles(Path.Combine(_root, ".nuke", "temp"), "*.log").Select(File.ReadAllText).Should().NotContain(l => l.Contains("hunter2pw"));
    }

    [Fact]
    public async Task A_json_path_that_is_a_folder_is_refused_with_a_file_suggestion()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "out")).FullName;

        FailsWith(await Cook("--json", folder, "--no-cache"), $"--json {folder} is a folder; give a file path, e.g. --json {folder}/result.json");
    }

    [Fact]
    public async Task An_empty_expected_text_is_refused_because_it_matches_every_line()
    {
        FailsWith(await BuildHarness.RunAsync(_root, ["BootTest", "--expect", ""]), "--expect values must not be empty: an empty text matches every serial line");
    }

    [Fact]
    public async Task A_sharded_dry_run_with_a_cache_URL_is_not_told_to_give_one()
    {
        var result = await Cook("--shard", "1/2", "--cache-url", "http://127.0.0.1:9/cache", "--dry-run");

        result.Out.Should().NotContain("give --cache-url");
    }

    [Theory]
    [InlineData("")]
    [InlineData("tap0;reboot")]
    [InlineData("a-very-long-tap-name")]
    public async Task NetworkSetup_refuses_an_interface_name_the_kernel_or_iptables_would_misread(string tap)
    {
        FailsWith(await BuildHarness.RunAsync(_root, ["NetworkSetup", "--tap", tap, "--dry-run"]),
            $"--tap '{tap}' (env TAP or TAP_NAME) is not a valid interface name: 1 to 15 characters, without spaces, '/', ',', ';' or ':', e.g. --tap tap0.");
    }

    [Theory]
    [InlineData("--filesystem-size", "0", "--filesystem-size (env FILESYSTEM_SIZE) must be a positive number of MiB, got 0")]
    [InlineData("--efi-partition-size", "-1", "--efi-partition-size (env EFI_PARTITION_SIZE) must be a positive number of MiB, got -1")]
    public async Task Image_sizes_that_cannot_work_fail_before_anything_is_cooked(string parameter, string value, string message)
    {
        Directory.CreateDirectory(Path.Combine(_root, "profiles"));
        File.WriteAllText(Path.Combine(_root, "profiles", "tiny.toml"), "[packages]\nhello = {}\n");

        var result = await BuildHarness.RunAsync(_root, ["DiskImage", "--profile", "tiny", "--target-triple", "x86_64-unknown-linux-gnu", parameter, value]);

        FailsWith(result, message);
        result.Out.Should().NotContain("║ Packages");
    }

    [Fact]
    public async Task A_source_date_epoch_that_is_not_a_number_fails_before_anything_is_cooked()
    {
        Directory.CreateDirectory(Path.Combine(_root, "profiles"));
        File.WriteAllText(Path.Combine(_root, "profiles", "tiny.toml"), "[packages]\nhello = {}\n");

        var result = await BuildHarness.RunAsync(_root, ["DiskImage", "--profile", "tiny", "--target-triple", "x86_64-unknown-linux-gnu"],
            new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "yesterday" });

        FailsWith(result, "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, found \"yesterday\"");
        result.Out.Should().NotContain("║ Packages");
    }

    [Theory]
    [InlineData("--shard", "3/2", "--shard '3/2' must look like i/n with 1 <= i <= n, e.g. --shard 2/4.")]
    [InlineData("--container-user", "abc", "--container-user abc: expected UID:GID in numbers")]
    public async Task Cook_settings_that_cannot_work_fail_before_the_toolchain_is_installed(string parameter, string value, string message)
    {
        var result = await BuildHarness.RunAsync(_root, ["Cook", "--recipe", "hello", "--target-triple", "x86_64-unknown-redox", parameter, value]);

        FailsWith(result, message);
        result.Out.Should().NotContain("║ Toolchain");
    }
}
