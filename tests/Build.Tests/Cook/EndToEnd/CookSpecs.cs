using RedoxBuild.Hashing;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Cook.EndToEnd;

/// <summary>
/// ./build.sh Cook end to end on the host triple, with the real compilers: every template, dependency sysroots,
/// exact caching and rebuilds, parallelism, and the failure reports. Same engine and commands as a Redox cook.
/// </summary>
public class CookSpecs : IDisposable
{
    private readonly CookFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private void LibraryAndDependent()
    {
        var (url, commit) = _fixture.GitSource("libgreet", "libgreet");
        _fixture.Recipe("libgreet", $"[source]\ngit = \"{url}\"\nrev = \"{commit}\"\n\n[build]\ntemplate = \"configure\"\n");
        var greeterSource = Path.Combine(_fixture.Root, "greeter-src");
        CookFixture.CopyFixture("greeter", greeterSource);
        _fixture.Recipe("greeter", $$"""
            [source]
            path = "{{greeterSource}}"

            [build]
            template = "custom"
            dependencies = ["libgreet"]
            script = '''
            mkdir -p "${COOKBOOK_STAGE}/usr/bin"
            "${CC}" ${CPPFLAGS} "${COOKBOOK_SOURCE}/greeter.c" -o "${COOKBOOK_STAGE}/usr/bin/greeter" ${LDFLAGS} -lgreet
            '''
            """);
    }

    [RequiresToolsFact("git", "make", "x86_64-linux-gnu-gcc")]
    public async Task A_librarys_staged_header_and_archive_feed_its_dependents_sysroot()
    {
        LibraryAndDependent();

        var result = await _fixture.CookAsync("--recipe", "greeter");

        result.ExitCode.Should().Be(0, result.Out);
        CookFixture.Run(Path.Combine(_fixture.Stage("greeter"), "usr", "bin", "greeter")).Should().Be("hello from libgreet");
        _fixture.Results().Select(r => r.GetProperty("name").GetString()).Should().Equal("libgreet", "greeter");
        File.Exists(Path.Combine(_fixture.Stage("libgreet"), "usr", "include", "greet.h")).Should().BeTrue();
    }

    [RequiresToolsFact("git", "make", "x86_64-linux-gnu-gcc")]
    public async Task A_second_cook_is_all_cache_hits_and_compiles_nothing()
    {
        LibraryAndDependent();
        (await _fixture.CookAsync("--recipe", "greeter")).ExitCode.Should().Be(0);
        var stage = _fixture.Stage("greeter");
        var built = File.GetLastWriteTimeUtc(Path.Combine(stage, "usr", "bin", "greeter"));

        var second = await _fixture.CookAsync("--recipe", "greeter");

        second.ExitCode.Should().Be(0, second.Out);
        second.Out.Should().Contain("2 of 2 recipes are up to date; 0 to cook").And.NotContain("cooking");
        _fixture.Results().Should().OnlyContain(r => r.GetProperty("cached").GetBoolean());
        File.GetLastWriteTimeUtc(Path.Combine(stage, "usr", "bin", "greeter")).Should().Be(built);
    }

    [RequiresToolsFact("git", "make", "x86_64-linux-gnu-gcc")]
    public async Task Editing_one_recipe_rebuilds_exactly_it_and_its_reverse_dependencies()
    {
        LibraryAndDependent();
        _fixture.Recipe("standalone", "[build]\ntemplate = \"custom\"\nscript = \"mkdir -p $COOKBOOK_STAGE/usr/share && echo one > $COOKBOOK_STAGE/usr/share/standalone\"\n");
        (await _fixture.CookAsync("--recipe", "greeter,standalone")).ExitCode.Should().Be(0);
        var before = _fixture.Results().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("key").GetString());

        var recipe = Path.Combine(_fixture.Recipes, "libgreet", "recipe.toml");
        File.WriteAllText(recipe, File.ReadAllText(recipe) + "configureflags = [\"--enable-greeting\"]\n");
        var second = await _fixture.CookAsync("--recipe", "greeter,standalone");

        second.ExitCode.Should().Be(0, second.Out);
        var cached = _fixture.Results().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("cached").GetBoolean());
        cached.Should().Equal(new Dictionary<string, bool> { ["libgreet"] = false, ["standalone"] = true, ["greeter"] = false });
        _fixture.Result("standalone").GetProperty("key").GetString().Should().Be(before["standalone"]);
        second.Out.Should().Contain("1 of 3 recipes are up to date; 2 to cook: libgreet, greeter");
    }

    [RequiresToolsFact("cmake", "meson", "ninja", "cargo", "x86_64-linux-gnu-gcc")]
    public async Task The_cmake_meson_cargo_and_custom_templates_build_and_stage()
    {
        foreach (var (name, fixture, template) in new[] { ("hello-cmake", "cmake-hello", "cmake"), ("hello-meson", "meson-hello", "meson"), ("hello-cargo", "cargo-hello", "cargo") })
        {
            var source = Path.Combine(_fixture.Root, name + "-src");
            CookFixture.CopyFixture(fixture, source);
            _fixture.Recipe(name, $"[source]\npath = \"{source}\"\n\n[build]\ntemplate = \"{template}\"\n");
        }
        _fixture.Recipe("hello-custom", "[build]\ntemplate = \"custom\"\nscript = '''\nmkdir -p \"$COOKBOOK_STAGE/usr/bin\"\nprintf '#!/bin/sh\\necho hello from custom\\n' > \"$COOKBOOK_STAGE/usr/bin/hello-custom\"\nchmod +x \"$COOKBOOK_STAGE/usr/bin/hello-custom\"\n'''\n");

        var result = await _fixture.CookAsync("--recipe", "hello-cmake,hello-meson,hello-cargo,hello-custom");

        result.ExitCode.Should().Be(0, result.Out);
        CookFixture.Run(Path.Combine(_fixture.Stage("hello-cmake"), "usr", "bin", "hello-cmake")).Should().Be("hello from cmake");
        CookFixture.Run(Path.Combine(_fixture.Stage("hello-meson"), "usr", "bin", "hello-meson")).Should().Be("hello from meson");
        CookFixture.Run(Path.Combine(_fixture.Stage("hello-cargo"), "usr", "bin", "hello-cargo")).Should().Be("hello from cargo");
        CookFixture.Run(Path.Combine(_fixture.Stage("hello-custom"), "usr", "bin", "hello-custom")).Should().Be("hello from custom");
    }

    [RequiresToolsFact("git", "make", "x86_64-linux-gnu-gcc")]
    public async Task Outputs_deleted_locally_are_restored_from_the_binary_cache_instead_of_rebuilt()
    {
        LibraryAndDependent();
        (await _fixture.CookAsync("--recipe", "greeter")).ExitCode.Should().Be(0);
        Directory.Delete(Path.Combine(_fixture.Root, "build", "work"), recursive: true);

        var second = await _fixture.CookAsync("--recipe", "greeter");

        second.ExitCode.Should().Be(0, second.Out);
        second.Out.Should().Contain("libgreet restored from the binary cache (local)").And.Contain("greeter restored from the binary cache (local)")
            .And.Contain("2 of 2 recipes are up to date; 0 to cook");
        CookFixture.Run(Path.Combine(_fixture.Stage("greeter"), "usr", "bin", "greeter")).Should().Be("hello from libgreet");
    }

    [Fact]
    public async Task Two_independent_recipes_really_run_at_once()
    {
        foreach (var name in new[] { "left", "right" })
            _fixture.Recipe(name, $$"""
                [build]
                template = "custom"
                script = '''
                date +%s.%N > "{{_fixture.Root}}/{{name}}.start"
                sleep 3
                date +%s.%N > "{{_fixture.Root}}/{{name}}.end"
                mkdir -p "$COOKBOOK_STAGE/usr/share"
                '''
                """);

        var result = await _fixture.CookAsync("--recipe", "left,right");

        result.ExitCode.Should().Be(0, result.Out);
        double Time(string file) => double.Parse(File.ReadAllText(Path.Combine(_fixture.Root, file)), System.Globalization.CultureInfo.InvariantCulture);
        var overlap = Math.Min(Time("left.end"), Time("right.end")) - Math.Max(Time("left.start"), Time("right.start"));
        // Run one after the other, the intervals could not overlap at all; any real overlap proves they ran at once.
        overlap.Should().BeGreaterThan(0.5, "with --jobs 2 both scripts sleep at the same time");
    }

    [Fact]
    public async Task A_failing_recipe_stops_its_dependents_and_prints_its_log_tail()
    {
        _fixture.Recipe("broken", "[build]\ntemplate = \"custom\"\nscript = \"echo compiling broken.c; echo 'broken.c:3: error: expected ;' >&2; exit 2\"\n");
        _fixture.Recipe("needs-broken", "[build]\ntemplate = \"custom\"\ndependencies = [\"broken\"]\nscript = \"true\"\n");

        var result = await _fixture.CookAsync("--recipe", "needs-broken");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("broken failed:").And.Contain("exited with code 2").And.Contain("broken.c:3: error: expected ;")
            .And.Contain("Full log: " + Path.Combine(_fixture.Root, "build", "work", "x86_64-unknown-linux-gnu", "broken", "cook.log"))
            .And.Contain("Not built because of that: needs-broken.");
        _fixture.Result("needs-broken").GetProperty("stage_dir").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [RequiresToolsFact("git")]
    public async Task A_checkout_with_local_edits_is_refused_and_left_as_it_is()
    {
        var (url, commit) = _fixture.GitSource("libgreet", "libgreet");
        var recipe = _fixture.Recipe("libgreet", $"[source]\ngit = \"{url}\"\nrev = \"{commit}\"\n\n[build]\ntemplate = \"configure\"\n");
        (await _fixture.CookAsync("--recipe", "libgreet")).ExitCode.Should().Be(0);
        var edited = Path.Combine(_fixture.Root, "build", "sources", "libgreet", "greet.c");
        File.AppendAllText(edited, "/* my fix */\n");
        File.AppendAllText(Path.Combine(recipe, "recipe.toml"), "configureflags = [\"--x\"]\n");

        var result = await _fixture.CookAsync("--recipe", "libgreet");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("has local edits (1 changed file: greet.c); this build never resets them.").And.Contain("ExtractPatches --recipe libgreet");
        File.ReadAllText(edited).Should().EndWith("/* my fix */\n");
    }

    [RequiresToolsFact("git", "patch")]
    public async Task A_patch_that_does_not_apply_names_the_patch_file_and_hunk_and_leaves_nothing_half_made()
    {
        var (url, commit) = _fixture.GitSource("libgreet", "libgreet");
        var recipe = _fixture.Recipe("libgreet", $"[source]\ngit = \"{url}\"\nrev = \"{commit}\"\npatches = [\"fix.patch\"]\n\n[build]\ntemplate = \"configure\"\n");
        File.WriteAllText(Path.Combine(recipe, "fix.patch"), "--- a/greet.c\n+++ b/greet.c\n@@ -1,2 +1,2 @@\n #include \"greet.h\"\n-const char *greeting(void) { return \"something else\"; }\n+const char *greeting(void) { return \"patched\"; }\n");

        var result = await _fixture.CookAsync("--recipe", "libgreet");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("fix.patch does not apply: hunk #1 of greet.c (at line 1) failed.");
        // A first checkout is assembled next to its place and only moved in when complete.
        Directory.Exists(Path.Combine(_fixture.Root, "build", "sources", "libgreet")).Should().BeFalse();
        Directory.Exists(Path.Combine(_fixture.Root, "build", "sources", "libgreet.partial")).Should().BeFalse();
    }

    [RequiresToolsFact("git", "patch", "make", "x86_64-linux-gnu-gcc")]
    public async Task After_a_failed_patch_a_fixed_patch_cooks_without_leftovers()
    {
        var (url, commit) = _fixture.GitSource("libgreet", "libgreet");
        var recipe = _fixture.Recipe("libgreet", $"[source]\ngit = \"{url}\"\nrev = \"{commit}\"\npatches = [\"fix.patch\"]\n\n[build]\ntemplate = \"configure\"\n");
        var patch = Path.Combine(recipe, "fix.patch");
        File.WriteAllText(patch, "--- a/greet.c\n+++ b/greet.c\n@@ -1,2 +1,2 @@\n #include \"greet.h\"\n-const char *greeting(void) { return \"wrong\"; }\n+const char *greeting(void) { return \"patched\"; }\n");
        (await _fixture.CookAsync("--recipe", "libgreet")).ExitCode.Should().Be(1);

        File.WriteAllText(patch, "--- a/greet.c\n+++ b/greet.c\n@@ -1,2 +1,2 @@\n #include \"greet.h\"\n-const char *greeting(void) { return \"hello from libgreet\"; }\n+const char *greeting(void) { return \"patched\"; }\n");
        var result = await _fixture.CookAsync("--recipe", "libgreet");

        result.ExitCode.Should().Be(0, result.Out);
        GitRepo.RunTool(_fixture.Root, "strings", Path.Combine(_fixture.Stage("libgreet"), "usr", "lib", "libgreet.a")).Should().Contain("patched");
        Directory.Exists(Path.Combine(_fixture.Root, "build", "sources", "libgreet.partial")).Should().BeFalse();
    }

    [RequiresToolsFact("tar")]
    public async Task A_BLAKE3_mismatch_refuses_the_archive()
    {
        using var server = new LoopbackFileServer();
        var tree = Path.Combine(_fixture.Root, "tar", "greet-1.0");
        CookFixture.CopyFixture("libgreet", tree);
        GitRepo.RunTool(Path.Combine(_fixture.Root, "tar"), "tar", "czf", Path.Combine(_fixture.Root, "greet.tar.gz"), "greet-1.0");
        var bytes = File.ReadAllBytes(Path.Combine(_fixture.Root, "greet.tar.gz"));
        server.Serve("greet-1.0.tar.gz", bytes);
        _fixture.Recipe("libgreet", $"[source]\ntar = \"{server.Url("greet-1.0.tar.gz")}\"\nblake3 = \"{new string('1', 64)}\"\n\n[build]\ntemplate = \"configure\"\n");

        var result = await _fixture.CookAsync("--recipe", "libgreet");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain($"BLAKE3 mismatch: expected {new string('1', 64)}, actual {Blake3.ToHex(Blake3.HashData(bytes))}. The archive was refused and deleted.");
        Directory.Exists(Path.Combine(_fixture.Root, "build", "sources", "libgreet")).Should().BeFalse();
    }

    [RequiresToolsFact("git")]
    public async Task A_dry_run_prints_the_fetch_and_build_commands_and_builds_nothing()
    {
        LibraryAndDependent();

        var result = await _fixture.CookAsync("--recipe", "greeter", "--dry-run");

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain("[dry-run] (cd").And.Contain("clone --mirror").And.Contain("build-script.sh)");
        Directory.Exists(Path.Combine(_fixture.Root, "build", "sources")).Should().BeFalse();
        Directory.Exists(Path.Combine(_fixture.Root, "build", "work", "stages")).Should().BeFalse();
    }
}
