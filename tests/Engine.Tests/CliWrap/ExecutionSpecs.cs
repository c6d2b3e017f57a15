using System.Globalization;
using System.Runtime.Versioning;
using RedoxBuild.CliWrap;

namespace RedoxBuild.Engine.Tests.CliWrap;

public sealed class ExecutionSpecs
{
    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_execute_a_command_and_get_the_exit_code()
    {
        var result = await Dummy.Command("exit", "0").ExecuteAsync();

        result.ExitCode.Should().Be(0);
        result.IsSuccess.Should().BeTrue();
        result.ExitTime.Should().BeOnOrAfter(result.StartTime);
        result.RunTime.Should().Be(result.ExitTime - result.StartTime);
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_execute_a_command_without_validation_and_get_a_non_zero_exit_code()
    {
        var result = await Dummy.Command("exit", "42").WithValidation(CommandResultValidation.None).ExecuteAsync();

        result.ExitCode.Should().Be(42);
        result.IsSuccess.Should().BeFalse();
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_execute_a_command_and_know_its_process_id_before_it_ends()
    {
        var task = Dummy.Command("pid").ExecuteBufferedAsync();

        var result = await task;

        task.ProcessId.Should().BePositive();
        result.StandardOutput.Should().Be(task.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_execute_a_command_and_get_stdout_and_stderr_exactly_and_in_order()
    {
        var result = await Dummy.Command("lines", "10").ExecuteBufferedAsync();

        result.StandardOutput.Should().Be(string.Concat(Enumerable.Range(1, 10).Select(i => $"out {i}\n")));
        result.StandardError.Should().Be("err 3\nerr 6\nerr 9\n");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_execute_a_command_that_writes_a_lot_to_both_streams_without_deadlocking()
    {
        var result = await Dummy.Command("lines", "100000").ExecuteBufferedAsync();

        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Should().Equal(Enumerable.Range(1, 100_000).Select(i => $"out {i}"));
        result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Should().Equal(Enumerable.Range(1, 100_000).Where(i => i % 3 == 0).Select(i => $"err {i}"));
    }

    public static TheoryData<string[]> TrickyArguments => new()
    {
        { ["plain"] },
        { ["with space", "  leading and trailing  "] },
        { ["", "empty before and after", ""] },
        { ["say \"hi\"", "'single'", "it's"] },
        { [@"C:\path\", @"trailing\\", @"\""quoted\""", @"a\\\""b"] },
        { ["tab\there", "new\nline", "$HOME", "`id`", "*", "a;b|c&d"] },
        { ["ünïcödé", "日本語", "emoji 🎉", "Ελληνικά"] },
    };

    [Theory(Timeout = Dummy.Timeout)]
    [MemberData(nameof(TrickyArguments))]
    public async Task I_can_pass_arguments_that_reach_the_child_exactly(string[] arguments)
    {
        var result = await Dummy.Command(["args", .. arguments]).ExecuteBufferedAsync();

        result.StandardOutput.Should().Be(string.Concat(arguments.Select(a => $"[{a}]\n")));
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_pass_a_raw_argument_string_and_it_is_split_like_ProcessStartInfo_Arguments()
    {
        var command = Cli.Wrap(Dummy.DotnetPath).WithArguments($"\"{Dummy.DllPath}\" args a \"b c\" d\\\"e \"\"");

        var result = await command.ExecuteBufferedAsync();

        result.StandardOutput.Should().Be("[a]\n[b c]\n[d\"e]\n[]\n");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_set_override_and_remove_environment_variables_seen_by_the_child()
    {
        Environment.GetEnvironmentVariable("HOME").Should().NotBeNull("the spec overrides and removes an inherited variable");
        var command = Dummy.Command("env", "REDOX_NEW", "HOME", "REDOX_EMPTY")
            .WithEnvironmentVariables(env => env
                .Set("REDOX_NEW", "new value ü")
                .Set("REDOX_EMPTY", ""));

        var overridden = await command.WithEnvironmentVariables(env => env.Set(command.EnvironmentVariables).Set("HOME", "/nowhere"))
            .ExecuteBufferedAsync();
        var removed = await command.WithEnvironmentVariables(env => env.Set(command.EnvironmentVariables).Unset("HOME"))
            .ExecuteBufferedAsync();

        overridden.StandardOutput.Should().Be("REDOX_NEW=new value ü\nHOME=/nowhere\nREDOX_EMPTY=\n");
        removed.StandardOutput.Should().Be("REDOX_NEW=new value ü\nHOME=<unset>\nREDOX_EMPTY=\n");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_execute_a_command_in_a_chosen_working_directory()
    {
        using var directory = new TempDirectory();

        var result = await Dummy.Command("cwd").WithWorkingDirectory(directory.Path).ExecuteBufferedAsync();

        result.StandardOutput.Should().Be(directory.Path + "\n");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_execute_the_same_command_several_times_concurrently()
    {
        var command = Dummy.Command("echo", "same", "command");

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => command.ExecuteBufferedAsync().Task));

        results.Select(r => r.StandardOutput).Should().AllBe("same command\n");
    }

    [Fact]
    public void I_get_a_clear_error_naming_the_program_and_directory_when_it_is_not_on_PATH()
    {
        using var directory = new TempDirectory();
        var command = Cli.Wrap("redox-no-such-program").WithWorkingDirectory(directory.Path);

        var act = () => command.ExecuteAsync();

        act.Should().Throw<CommandStartException>()
            .Which.Message.Should().Contain("Program 'redox-no-such-program' not found on PATH")
            .And.Contain($"working directory '{directory.Path}'");
    }

    [Fact]
    public void I_get_a_clear_error_when_the_program_file_does_not_exist()
    {
        var act = () => Cli.Wrap("/nonexistent/redox/tool").ExecuteAsync();

        act.Should().Throw<CommandStartException>()
            .Which.Message.Should().Contain("Program '/nonexistent/redox/tool' does not exist");
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void I_get_a_clear_error_when_the_program_file_is_not_executable()
    {
        using var directory = new TempDirectory();
        var script = directory.File("not-executable.sh");
        File.WriteAllText(script, "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var act = () => Cli.Wrap(script).ExecuteAsync();

        act.Should().Throw<CommandStartException>()
            .Which.Message.Should().Contain($"Program '{script}' could not be executed: permission denied").And.Contain("chmod +x");
    }

    [Fact]
    public void I_get_a_clear_error_when_the_working_directory_does_not_exist()
    {
        var act = () => Dummy.Command("cwd").WithWorkingDirectory("/nonexistent/redox/dir").ExecuteAsync();

        act.Should().Throw<CommandStartException>()
            .Which.Message.Should().Contain("working directory '/nonexistent/redox/dir' does not exist")
            .And.Contain(nameof(Command.WithWorkingDirectory));
    }
}
