using RedoxBuild.CliWrap;

namespace RedoxBuild.Engine.Tests.CliWrap;

public sealed class ValidationSpecs
{
    [Fact(Timeout = Dummy.Timeout)]
    public async Task A_non_zero_exit_code_fails_with_the_command_line_and_how_to_opt_out()
    {
        var command = Dummy.Command("exit", "3");

        var act = async () => await command.ExecuteAsync();

        var failure = (await act.Should().ThrowAsync<CommandExecutionException>()).Which;
        failure.ExitCode.Should().Be(3);
        failure.Command.Should().BeSameAs(command);
        failure.Message.Should().Contain("exited with code 3")
            .And.Contain(command.ToDisplayString())
            .And.Contain($"Working directory: {command.WorkingDirPath}")
            .And.Contain("WithValidation(CommandResultValidation.None)");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task A_buffered_failure_message_quotes_the_tail_of_stderr()
    {
        var act = async () => await Dummy.Command("fail", "5", "cannot", "open", "disk.img").ExecuteBufferedAsync();

        var failure = (await act.Should().ThrowAsync<CommandExecutionException>()).Which;
        failure.ExitCode.Should().Be(5);
        failure.Message.Should().Contain("Standard error (last 20 lines at most):\ncannot open disk.img\n");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task A_buffered_failure_message_keeps_only_the_last_lines_of_a_long_stderr()
    {
        var stderr = string.Join('\n', Enumerable.Range(1, 100).Select(i => $"problem {i}"));

        var act = async () => await Dummy.Command("fail", "1", stderr).ExecuteBufferedAsync();

        var message = (await act.Should().ThrowAsync<CommandExecutionException>()).Which.Message;
        const string heading = "Standard error (last 20 lines at most):\n";
        var quoted = message[(message.IndexOf(heading, StringComparison.Ordinal) + heading.Length)..];
        quoted = quoted[..quoted.IndexOf("\n\n", StringComparison.Ordinal)];
        quoted.Should().Be(string.Join('\n', Enumerable.Range(81, 20).Select(i => $"problem {i}")));
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task The_failure_message_lists_the_environment_changes()
    {
        var act = async () => await Dummy.Command("exit", "1")
            .WithEnvironmentVariables(env => env.Set("REDOX_TARGET", "x86_64").Unset("REDOX_UNWANTED")).ExecuteAsync();

        (await act.Should().ThrowAsync<CommandExecutionException>()).Which.Message
            .Should().Contain("Environment changes:\n  REDOX_TARGET=x86_64\n  unset REDOX_UNWANTED\n");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task With_validation_disabled_a_failing_command_returns_its_result()
    {
        var result = await Dummy.Command("fail", "7", "expected").WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

        result.ExitCode.Should().Be(7);
        result.StandardError.Should().Be("expected\n");
    }
}
