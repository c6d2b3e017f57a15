using System.Globalization;
using System.Text;
using RedoxBuild.CliWrap;
using OsProcess = System.Diagnostics.Process;

namespace RedoxBuild.Engine.Tests.CliWrap;

public sealed class BuilderSpecs
{
    [Fact]
    public void With_methods_return_a_new_command_and_leave_the_original_unchanged()
    {
        var original = Cli.Wrap("tool");
        var redactor = new SecretRedactor();
        var stdin = PipeSource.FromString("in");
        var stdout = PipeTarget.ToStringBuilder(new StringBuilder());
        var stderr = PipeTarget.ToDelegate(_ => { });

        var changed = original
            .WithTargetFile("other")
            .WithArguments(["a", "b c"])
            .WithWorkingDirectory("/tmp")
            .WithEnvironmentVariables(env => env.Set("X", "1"))
            .WithValidation(CommandResultValidation.None)
            .WithStandardInputPipe(stdin)
            .WithStandardOutputPipe(stdout)
            .WithStandardErrorPipe(stderr)
            .WithRedactor(redactor);

        original.TargetFilePath.Should().Be("tool");
        original.Arguments.Should().BeEmpty();
        original.ArgumentList.Should().BeEmpty();
        original.WorkingDirPath.Should().Be(Directory.GetCurrentDirectory());
        original.EnvironmentVariables.Should().BeEmpty();
        original.Validation.Should().Be(CommandResultValidation.ZeroExitCode);
        original.StandardInputPipe.Should().BeSameAs(PipeSource.Null);
        original.StandardOutputPipe.Should().BeSameAs(PipeTarget.Null);
        original.StandardErrorPipe.Should().BeSameAs(PipeTarget.Null);
        original.Redactor.Should().BeNull();

        changed.Should().NotBeSameAs(original);
        changed.TargetFilePath.Should().Be("other");
        changed.Arguments.Should().Be("a \"b c\"");
        changed.ArgumentList.Should().Equal("a", "b c");
        changed.WorkingDirPath.Should().Be("/tmp");
        changed.EnvironmentVariables.Should().Equal(new Dictionary<string, string?> { ["X"] = "1" });
        changed.Validation.Should().Be(CommandResultValidation.None);
        changed.StandardInputPipe.Should().BeSameAs(stdin);
        changed.StandardOutputPipe.Should().BeSameAs(stdout);
        changed.StandardErrorPipe.Should().BeSameAs(stderr);
        changed.Redactor.Should().BeSameAs(redactor);
    }

    [Fact]
    public void Changing_the_dictionary_given_to_a_command_later_does_not_change_the_command()
    {
        var variables = new Dictionary<string, string?> { ["A"] = "1" };
        var arguments = new List<string> { "x" };
        var command = Cli.Wrap("tool").WithEnvironmentVariables(variables).WithArguments(arguments);

        variables["A"] = "changed";
        variables["B"] = "added";
        arguments.Add("y");

        command.EnvironmentVariables.Should().Equal(new Dictionary<string, string?> { ["A"] = "1" });
        command.ArgumentList.Should().Equal("x");
    }

    [Fact]
    public void The_arguments_builder_escapes_each_argument_in_ProcessStartInfo_syntax()
    {
        var command = Cli.Wrap("tool").WithArguments(args => args
            .Add("plain")
            .Add("with space")
            .Add("")
            .Add("say \"hi\"")
            .Add(@"dir\")
            .Add(@"dir with space\")
            .Add(@"a\\""b"));

        command.Arguments.Should().Be(@"plain ""with space"" """" ""say \""hi\"""" dir\ ""dir with space\\"" ""a\\\\\""b""");
        command.ArgumentList.Should().Equal("plain", "with space", "", "say \"hi\"", @"dir\", @"dir with space\", @"a\\""b");
    }

    [Fact]
    public void Unescaped_pieces_are_taken_as_argument_syntax()
    {
        var command = Cli.Wrap("tool").WithArguments(args => args.Add("--flag").Add("\"two words\" three", escape: false));

        command.Arguments.Should().Be("--flag \"two words\" three");
        command.ArgumentList.Should().Equal("--flag", "two words", "three");
    }

    [Fact]
    public void Formattable_arguments_use_the_given_format_provider_and_the_invariant_culture_by_default()
    {
        var comma = new NumberFormatInfo { NumberDecimalSeparator = "," };

        var command = Cli.Wrap("tool").WithArguments(args => args.Add(1.5, comma).Add(2.5).Add([3, 4], CultureInfo.InvariantCulture));

        command.ArgumentList.Should().Equal("1,5", "2.5", "3", "4");
    }

    public static TheoryData<string> RawArgumentStrings => new()
    {
        "a b\tc",
        "\"quoted words\" plain",
        "\"\" empty \"\"",
        @"back\slash ""ends with\\"" ""odd\\\""quote""",
        "\"inside \"\" doubled\" after",
        "unterminated \"quote and more",
        @"\\\\""x y""",
        "mid\"dle quo\"tes",
    };

    [Theory(Timeout = Dummy.Timeout)]
    [MemberData(nameof(RawArgumentStrings))]
    public async Task Raw_argument_strings_are_split_exactly_as_dotnet_splits_them(string raw)
    {
        // Oracle: .NET itself splitting ProcessStartInfo.Arguments, observed through the child's argv.
        using var process = OsProcess.Start(new System.Diagnostics.ProcessStartInfo(Dummy.DotnetPath, $"\"{Dummy.DllPath}\" args {raw}")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var expected = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        var command = Cli.Wrap("tool").WithArguments(raw);

        string.Concat(command.ArgumentList.Select(a => $"[{a}]\n")).Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("two words")]
    [InlineData("\"")]
    [InlineData("\\")]
    [InlineData("\\\"")]
    [InlineData("a\\\\\"b\\\\")]
    [InlineData("tab\tand\nnewline")]
    [InlineData("\"\"\"\"")]
    public void Escaping_an_argument_and_splitting_it_again_gives_it_back(string argument)
    {
        CommandLineSyntax.Split(CommandLineSyntax.Escape(argument)).Should().Equal(argument);
        CommandLineSyntax.Split(string.Join(' ', new[] { argument, "next" }.Select(CommandLineSyntax.Escape))).Should().Equal(argument, "next");
    }

    [Fact]
    public void The_display_string_quotes_words_for_a_POSIX_shell()
    {
        var command = Cli.Wrap("/usr/bin/git").WithArguments(["commit", "-m", "it's done", "", "--author=A <a@b>", "$HOME", "x=1,y/2"]);

        command.ToDisplayString().Should().Be(@"/usr/bin/git commit -m 'it'\''s done' '' '--author=A <a@b>' '$HOME' x=1,y/2");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task The_display_string_run_by_sh_gives_the_child_the_same_arguments()
    {
        string[] arguments = ["args", "it's", "", "$HOME", "`id`", "a\"b\\c", "new\nline", "ü 🎉", "*", "!x"];
        var command = Dummy.Command(arguments);

        var direct = await command.ExecuteBufferedAsync();
        var viaShell = await Cli.Wrap("/bin/sh").WithArguments(["-c", command.ToDisplayString()]).ExecuteBufferedAsync();

        viaShell.StandardOutput.Should().Be(direct.StandardOutput);
        direct.StandardOutput.Should().Be(string.Concat(arguments.Skip(1).Select(a => $"[{a}]\n")));
    }

    [Fact]
    public void The_environment_description_lists_changes_sorted_by_name()
    {
        var command = Cli.Wrap("make").WithEnvironmentVariables(env => env
            .Set("TARGET", "x86_64-unknown-redox")
            .Set("CFLAGS", "-O2 -g")
            .Unset("MAKEFLAGS"));

        command.DescribeEnvironmentChanges().Should().Equal("CFLAGS='-O2 -g'", "unset MAKEFLAGS", "TARGET=x86_64-unknown-redox");
        Cli.Wrap("make").DescribeEnvironmentChanges().Should().BeEmpty();
    }

    [Fact]
    public void Invalid_names_values_and_arguments_are_rejected_when_the_command_is_built()
    {
        var command = Cli.Wrap("tool");

        FluentActions.Invoking(() => command.WithEnvironmentVariables(env => env.Set("A=B", "1")))
            .Should().Throw<ArgumentException>().WithMessage("*'A=B' is not a valid environment variable name*");
        FluentActions.Invoking(() => command.WithEnvironmentVariables(env => env.Set("A", "nul\0")))
            .Should().Throw<ArgumentException>().WithMessage("*contains a NUL character*");
        FluentActions.Invoking(() => command.WithArguments(["ok", "bad\0secret"]))
            .Should().Throw<ArgumentException>().Which.Message.Should().NotContain("secret");
        FluentActions.Invoking(() => Cli.Wrap("")).Should().Throw<ArgumentException>();
    }
}
