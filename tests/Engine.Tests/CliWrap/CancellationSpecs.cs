using System.Text;
using RedoxBuild.CliWrap;

namespace RedoxBuild.Engine.Tests.CliWrap;

public sealed class CancellationSpecs
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_cancel_a_command_forcefully_and_it_kills_the_whole_process_tree()
    {
        using var directory = new TempDirectory();
        var pidFile = directory.File("grandchild.pid");
        using var forceful = new CancellationTokenSource();
        var spawned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = Dummy.Command("spawn-sleeper", pidFile)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => { if (line == "spawned") spawned.TrySetResult(); }))
            .ExecuteAsync(forceful.Token);
        var grandchild = 0;
        try
        {
            await spawned.Task.WaitAsync(Bound);
            grandchild = await ProcessProbe.ReadPidFileAsync(pidFile, Bound);
            ProcessProbe.IsRunning(grandchild).Should().BeTrue("the grandchild sleeps for 60 s");

            await forceful.CancelAsync();
            var act = async () => await task;

            (await act.Should().ThrowAsync<OperationCanceledException>()).Which.CancellationToken.Should().Be(forceful.Token);
            (await ProcessProbe.WaitUntilGoneAsync(task.ProcessId, Bound)).Should().BeTrue("the child was killed");
            (await ProcessProbe.WaitUntilGoneAsync(grandchild, Bound)).Should().BeTrue("the grandchild was killed with its parent");
        }
        finally
        {
            ProcessProbe.KillIfRunning(task.ProcessId);
            ProcessProbe.KillIfRunning(grandchild);
        }
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_cancel_a_command_gracefully_and_the_child_receives_SIGINT()
    {
        using var graceful = new CancellationTokenSource();
        // Safety net: if SIGINT were lost, the child would wait 60 s; this bounds the spec and still kills it.
        using var forceful = new CancellationTokenSource();
        var output = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = Dummy.Command("wait-sigint")
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line =>
            {
                output.AppendLine(line);
                if (line == "ready") ready.TrySetResult();
            }))
            .ExecuteAsync(forceful.Token, graceful.Token);
        try
        {
            await ready.Task.WaitAsync(Bound);

            await graceful.CancelAsync();
            forceful.CancelAfter(Bound);
            var act = async () => await task;

            (await act.Should().ThrowAsync<OperationCanceledException>()).Which.CancellationToken.Should().Be(graceful.Token);
            output.ToString().Should().Be("ready\ngot SIGINT\n", "the child handled SIGINT and finished on its own");
        }
        finally
        {
            ProcessProbe.KillIfRunning(task.ProcessId);
        }
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task A_child_that_ignores_SIGINT_is_killed_when_the_forceful_token_fires()
    {
        using var graceful = new CancellationTokenSource();
        using var forceful = new CancellationTokenSource();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ignored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = Dummy.Command("ignore-sigint")
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line =>
            {
                if (line == "ready") ready.TrySetResult();
                if (line == "ignored SIGINT") ignored.TrySetResult();
            }))
            .ExecuteAsync(forceful.Token, graceful.Token);
        try
        {
            await ready.Task.WaitAsync(Bound);
            await graceful.CancelAsync();
            await ignored.Task.WaitAsync(Bound);
            ProcessProbe.IsRunning(task.ProcessId).Should().BeTrue("the child chose to ignore SIGINT");

            await forceful.CancelAsync();
            var act = async () => await task;

            (await act.Should().ThrowAsync<OperationCanceledException>()).Which.CancellationToken.Should().Be(forceful.Token);
            (await ProcessProbe.WaitUntilGoneAsync(task.ProcessId, Bound)).Should().BeTrue();
        }
        finally
        {
            ProcessProbe.KillIfRunning(task.ProcessId);
        }
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_cancel_a_command_with_a_timeout()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var task = Dummy.Command("sleep", "60").ExecuteAsync(timeout.Token);
        try
        {
            var act = async () => await task;

            await act.Should().ThrowAsync<OperationCanceledException>();
            (await ProcessProbe.WaitUntilGoneAsync(task.ProcessId, Bound)).Should().BeTrue();
        }
        finally
        {
            ProcessProbe.KillIfRunning(task.ProcessId);
        }
    }

    [Fact]
    public void A_command_is_not_started_when_the_forceful_token_is_already_cancelled()
    {
        using var directory = new TempDirectory();
        var pidFile = directory.File("never.pid");

        var act = () => Dummy.Command("spawn-sleeper", pidFile).ExecuteAsync(new CancellationToken(canceled: true));

        act.Should().Throw<OperationCanceledException>();
        File.Exists(pidFile).Should().BeFalse();
    }
}
