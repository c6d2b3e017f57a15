using RedoxBuild.Engine.Tests.Support;

namespace RedoxBuild.Engine.Tests.Parameters;

public enum Runner { Qemu, CloudHypervisor }

/// <summary>Binding precedence, every spelling, every type, and each error message.</summary>
public class ParameterSpecs : IDisposable
{
    private readonly TestRun _run = new();

    public void Dispose() => _run.Dispose();

    private sealed class Params : NukeBuild
    {
        [Parameter("Image profile")] public string Profile = "default";
        [Parameter("Virtual CPUs", EnvironmentAliases = ["CH_CPUS"])] public int Cpus = 4;
        [Parameter("Guest memory", EnvironmentAliases = ["CH_MEMORY"])] public ByteSize Memory = ByteSize.FromMiB(2048);
        [Parameter("Bypass the host page cache")] public bool DirectIo = true;
        [Parameter("Which VMM")] public Runner Runner = Runner.Qemu;
        [Parameter("Recipes to cook", Separator = ',')] public string[] Recipe = [];
        [Parameter("Output file")] public AbsolutePath? Json;
        [Parameter("API token"), Secret] public string? GitHubToken;
        [Parameter("Jobs")] public int? Jobs { get; init; }
        public string Seen = "";

        Target Show => _ => _.Executes(() =>
        {
            Seen = $"{Profile}|{Cpus}|{Memory}|{DirectIo}|{Runner}|{string.Join('+', Recipe)}|{Json}|{Jobs}";
            Logger.Information("token is {Token} and again " + GitHubToken, GitHubToken);
        });
    }

    private async Task<Params> Bind(params string[] args)
    {
        var build = new Params();
        var code = await _run.RunAsync(build, ["Show", .. args]);
        code.Should().Be(0, _run.Error + _run.Out);
        return build;
    }

    private async Task<string> BindError(params string[] args)
    {
        var code = await _run.RunAsync(new Params(), ["Show", .. args]);
        code.Should().Be(2);
        return _run.Error.Trim();
    }

    [Fact]
    public async Task Initializers_are_the_defaults()
    {
        (await Bind()).Seen.Should().Be("default|4|2G|True|Qemu|||");
    }

    [Fact]
    public async Task The_command_line_beats_the_environment_which_beats_the_parameters_file()
    {
        _run.WriteParametersFile("""{ "$schema": "./build.schema.json", "Profile": "minimal", "Cpus": 2, "Jobs": 3 }""");
        _run.Environment["PROFILE"] = "graphical";

        var build = await Bind("--profile", "cloud");

        build.Seen.Should().Be("cloud|2|2G|True|Qemu|||3");
        (await Bind()).Seen.Should().StartWith("graphical|2|");
    }

    [Theory]
    [InlineData("DIRECT_IO", "off")]
    [InlineData("directio", "no")]
    [InlineData("NUKE_DIRECT_IO", "0")]
    [InlineData("Direct_Io", "false")]
    public async Task Environment_names_match_ignoring_case_and_underscores(string name, string value)
    {
        _run.Environment[name] = value;

        (await Bind()).DirectIo.Should().BeFalse();
    }

    [Fact]
    public async Task Compatibility_aliases_bind_like_the_Nix_build_env_names()
    {
        _run.Environment["CH_CPUS"] = "8";
        _run.Environment["CH_MEMORY"] = "4G";

        (await Bind()).Seen.Should().StartWith("default|8|4G|");
    }

    [Fact]
    public async Task Two_different_environment_values_for_one_parameter_are_ambiguous_and_ignored_with_a_warning()
    {
        _run.Environment["DIRECT_IO"] = "true";
        _run.Environment["NUKE_DIRECTIO"] = "false";

        (await Bind()).DirectIo.Should().BeTrue();
    }

    [Fact]
    public async Task Built_in_parameters_bind_only_through_their_NUKE_names()
    {
        // Redox developers have TARGET=x86_64-unknown-redox in their environment; that must not invoke a target.
        _run.Environment["TARGET"] = "x86_64-unknown-redox";
        _run.Environment["NUKE_VERBOSITY"] = "quiet";

        var build = await Bind();

        build.Verbosity.Should().Be(Verbosity.Quiet);
    }

    [Theory]
    [InlineData("--direct-io", "True")]
    [InlineData("--direct-io off", "False")]
    [InlineData("--direct-io=no", "False")]
    [InlineData("--runner cloud-hypervisor", "CloudHypervisor")]
    [InlineData("--runner CloudHypervisor", "CloudHypervisor")]
    [InlineData("--memory 2048M", "2G")]
    [InlineData("--memory 1536MiB", "1536M")]
    [InlineData("--recipe relibc,kernel --recipe base", "base")]
    [InlineData("--recipe relibc,kernel", "relibc+kernel")]
    public async Task Values_convert_to_the_member_type(string args, string expectedFragment)
    {
        var build = await Bind(args.Split(' '));

        build.Seen.Should().Contain(expectedFragment);
    }

    [Fact]
    public async Task Relative_paths_resolve_against_the_working_directory_on_the_command_line_and_the_root_in_files()
    {
        (await Bind("--json", "out/plan.json")).Json!.ToString().Should().Be(Path.Combine(_run.Root, "out", "plan.json"));
    }

    [Fact]
    public async Task Later_parameter_profiles_override_earlier_ones_and_parameters_json()
    {
        _run.WriteParametersFile("""{ "Profile": "minimal", "Cpus": 1 }""");
        _run.WriteParametersFile("""{ "Profile": "graphical" }""", "parameters.desktop.json");
        _run.WriteParametersFile("""{ "Profile": "cloud" }""", "parameters.server.json");

        (await Bind("--parameters-profile", "desktop", "server")).Seen.Should().StartWith("cloud|1|");
    }

    [Fact]
    public async Task A_bad_integer_names_the_parameter_its_env_spelling_the_source_and_an_example()
    {
        (await BindError("--cpus", "many")).Should().Be(
            "error: Invalid value 'many' for parameter --cpus (env CPUS or CH_CPUS) from command line --cpus: expected a whole number, e.g. --cpus 4.");
    }

    [Fact]
    public async Task An_integer_too_large_for_its_parameter_says_so_instead_of_calling_it_no_number()
    {
        (await BindError("--cpus", "99999999999")).Should().Be(
            "error: Invalid value '99999999999' for parameter --cpus (env CPUS or CH_CPUS) from command line --cpus: the number is out of range: it must lie between -2147483648 and 2147483647.");
    }

    [Fact]
    public async Task A_bad_enum_value_lists_the_accepted_values()
    {
        _run.Environment["RUNNER"] = "virtualbox";

        (await BindError()).Should().Be(
            "error: Invalid value 'virtualbox' for parameter --runner (env RUNNER) from environment variable RUNNER: accepted values are qemu, cloud-hypervisor.");
    }

    [Fact]
    public async Task A_bad_size_says_which_suffixes_work()
    {
        _run.WriteParametersFile("""{ "Memory": "2 gigs" }""");

        (await BindError()).Should().Be(
            "error: Invalid value '2 gigs' for parameter --memory (env MEMORY or CH_MEMORY) from parameters.json key \"Memory\": expected a size with an optional K, M, G or T suffix, e.g. --memory 2048M or --memory 2G.");
    }

    [Fact]
    public async Task Several_values_for_a_single_valued_parameter_say_where_target_names_go()
    {
        (await BindError("--profile", "graphical", "Show")).Should().Be(
            "error: Parameter --profile (env PROFILE) takes one value but got 2 from command line --profile: 'graphical' 'Show'. Target names go before the options, e.g. ./build.sh DiskImage --profile graphical.");
    }

    [Fact]
    public async Task An_unknown_option_is_refused_with_the_closest_spelling()
    {
        (await BindError("--profle", "x")).Should().Be("error: Unknown parameter '--profle'. Did you mean --profile? Run ./build.sh --help to list the parameters.");
    }

    [Fact]
    public async Task A_boolean_switch_followed_by_a_word_that_is_no_target_is_refused_as_its_value()
    {
        (await BindError("--direct-io", "maybe")).Should().Be("error: --direct-io takes true or false (or nothing, meaning true); got 'maybe'.");
    }

    [Fact]
    public async Task A_boolean_switch_followed_by_a_misspelled_target_also_suggests_the_target()
    {
        (await BindError("--direct-io", "Shwo")).Should().Be(
            "error: --direct-io takes true or false (or nothing, meaning true); got 'Shwo'. If you meant the target Show, name it before the options, e.g. ./build.sh Show --direct-io.");
    }

    [Fact]
    public async Task A_boolean_switch_followed_by_a_target_name_still_invokes_that_target()
    {
        var build = new Params();

        var code = await _run.RunAsync(build, ["--direct-io", "Show"]);

        code.Should().Be(0, _run.Error);
        build.Seen.Should().StartWith("default|4|2G|True|");
    }

    [Fact]
    public async Task An_unknown_key_in_the_parameters_file_is_refused()
    {
        _run.WriteParametersFile("""{ "Profil": "x" }""");

        (await BindError()).Should().EndWith("parameters.json: unknown key \"Profil\". Did you mean \"Profile\"? Keys are parameter names; .nuke/build.schema.json lists them.");
    }

    [Theory]
    [InlineData("[1, 2]", "an array")]
    [InlineData("\"graphical\"", "a string")]
    [InlineData("42", "a number")]
    [InlineData("null", "null")]
    public async Task A_parameters_file_that_is_not_an_object_is_refused_with_an_example(string json, string holds)
    {
        _run.WriteParametersFile(json);

        (await BindError()).Should().Be(
            $"error: {Path.Combine(_run.Root, ".nuke", "parameters.json")} must be a JSON object of parameter names and values, e.g. {{\"Profile\": \"graphical\"}}; it holds {holds}.");
    }

    [Fact]
    public async Task A_parameters_file_with_invalid_JSON_is_refused_with_its_position()
    {
        _run.WriteParametersFile("{ \"Profile\": }");

        (await BindError()).Should().StartWith($"error: {Path.Combine(_run.Root, ".nuke", "parameters.json")}:1:");
    }

    [Fact]
    public async Task A_missing_parameters_profile_file_is_refused()
    {
        (await BindError("--parameters-profile", "nope")).Should().Contain("parameters.nope.json' does not exist. Create it or drop it from --parameters-profile.");
    }

    [Theory]
    [InlineData("DirectIo", "direct-io", "DIRECT_IO")]
    [InlineData("CacheUrl", "cache-url", "CACHE_URL")]
    [InlineData("GitHubToken", "git-hub-token", "GIT_HUB_TOKEN")]
    [InlineData("CHCpus", "ch-cpus", "CH_CPUS")]
    [InlineData("Jobs", "jobs", "JOBS")]
    public void Names_convert_to_kebab_and_screaming_snake(string member, string kebab, string snake)
    {
        Naming.ToKebab(member).Should().Be(kebab);
        Naming.ToScreamingSnake(member).Should().Be(snake);
    }
}
