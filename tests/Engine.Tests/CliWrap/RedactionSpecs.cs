using RedoxBuild.CliWrap;

namespace RedoxBuild.Engine.Tests.CliWrap;

public sealed class RedactionSpecs
{
    private const string Token = "ghp_s3cr3tT0k3n";
    private const string Password = "hunter2-pass";

    private static SecretRedactor Redactor()
    {
        var redactor = new SecretRedactor();
        redactor.Register(Token);
        redactor.Register(Password);
        return redactor;
    }

    [Fact]
    public void The_redactor_replaces_every_occurrence_of_every_secret()
    {
        Redactor().Redact($"token {Token} and {Password}, again {Token}.")
            .Should().Be("token [REDACTED] and [REDACTED], again [REDACTED].");
    }

    [Fact]
    public void The_redactor_ignores_empty_and_short_values()
    {
        var redactor = new SecretRedactor();
        redactor.Register("");
        redactor.Register(null);
        redactor.Register("abc");

        redactor.Count.Should().Be(0);
        redactor.Redact("abc abc").Should().Be("abc abc");
    }

    [Fact]
    public void The_redactor_prefers_the_longest_secret_and_leaves_no_piece_of_overlapping_ones()
    {
        var redactor = new SecretRedactor();
        redactor.Register("abcd");
        redactor.Register("abcdefgh");
        redactor.Register("xyab");

        redactor.Redact("<abcdefgh>").Should().Be("<[REDACTED]>");
        redactor.Redact("<xyabcdefgh>").Should().Be("<[REDACTED]>");
        redactor.Redact("<abcd efgh>").Should().Be("<[REDACTED] efgh>");
    }

    [Fact]
    public void The_display_string_redacts_secret_arguments_and_the_program()
    {
        var command = Cli.Wrap("git").WithArguments(["clone", $"https://user:{Token}@example.org/redox.git", "--password", Password]);

        command.ToDisplayString(Redactor())
            .Should().Be("git clone 'https://user:[REDACTED]@example.org/redox.git' --password '[REDACTED]'");
        command.ToDisplayString().Should().Contain(Token, "nothing is redacted without a redactor");
    }

    [Fact]
    public void A_secret_spanning_two_arguments_is_still_redacted()
    {
        var redactor = new SecretRedactor();
        redactor.Register("open sesame");

        Cli.Wrap("door").WithArguments(["open", "sesame"]).ToDisplayString(redactor).Should().Be("door [REDACTED]");
    }

    [Fact]
    public void The_environment_description_redacts_secret_values()
    {
        var command = Cli.Wrap("cargo").WithEnvironmentVariables(env => env
            .Set("CARGO_REGISTRY_TOKEN", Token)
            .Set("AUTH", $"Bearer {Token}")
            .Set("RUSTFLAGS", "-C debuginfo=0")
            .Unset("RUSTC_WRAPPER"));

        command.DescribeEnvironmentChanges(Redactor()).Should().Equal(
            "AUTH='Bearer [REDACTED]'",
            "CARGO_REGISTRY_TOKEN='[REDACTED]'",
            "unset RUSTC_WRAPPER",
            "RUSTFLAGS='-C debuginfo=0'");
    }

    [Fact]
    public void ToString_uses_the_redactor_attached_to_the_command()
    {
        var command = Cli.Wrap("curl").WithArguments(["-u", $"admin:{Password}"]).WithRedactor(Redactor());

        command.ToString().Should().Be("curl -u 'admin:[REDACTED]'");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task A_validation_failure_message_never_contains_a_secret()
    {
        var command = Dummy.Command("fail", "3", $"login failed for {Token}")
            .WithEnvironmentVariables(env => env.Set("REDOX_PASSWORD", Password))
            .WithRedactor(Redactor());

        var act = async () => await command.ExecuteBufferedAsync();

        var message = (await act.Should().ThrowAsync<CommandExecutionException>()).Which.Message;
        message.Should().NotContain(Token).And.NotContain(Password)
            .And.Contain("login failed for [REDACTED]")
            .And.Contain("REDOX_PASSWORD='[REDACTED]'")
            .And.Contain("fail 3 'login failed for [REDACTED]'");
    }

    [Fact]
    public void A_start_failure_message_never_contains_a_secret()
    {
        var command = Cli.Wrap($"/nonexistent/{Token}/tool").WithArguments(["--key", Password]).WithRedactor(Redactor());

        var act = () => command.ExecuteAsync();

        var failure = act.Should().Throw<CommandStartException>().Which;
        failure.Message.Should().Contain("/nonexistent/[REDACTED]/tool");
        failure.ToString().Should().NotContain(Token, "the inner exception from .NET names the program too")
            .And.NotContain(Password);
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task A_cancellation_message_never_contains_a_secret()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var task = Dummy.Command("sleep", "60", Token).WithRedactor(Redactor()).ExecuteAsync(timeout.Token);
        try
        {
            var act = async () => await task;

            (await act.Should().ThrowAsync<OperationCanceledException>()).Which.Message
                .Should().NotContain(Token).And.Contain("[REDACTED]");
        }
        finally
        {
            ProcessProbe.KillIfRunning(task.ProcessId);
        }
    }
}
