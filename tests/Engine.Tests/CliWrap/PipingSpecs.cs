using System.Text;
using RedoxBuild.CliWrap;

namespace RedoxBuild.Engine.Tests.CliWrap;

public sealed class PipingSpecs
{
    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_pipe_a_string_into_stdin()
    {
        var result = await Dummy.Command("stdin").WithStandardInputPipe(PipeSource.FromString("hello\nwörld, no newline"))
            .ExecuteBufferedAsync();

        result.StandardOutput.Should().Be("hello\nwörld, no newline");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task A_command_without_stdin_sees_end_of_file_at_once()
    {
        var result = await Dummy.Command("stdin").ExecuteBufferedAsync();

        result.StandardOutput.Should().BeEmpty();
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_pipe_a_large_stream_into_stdin_while_stdout_is_read()
    {
        // Several megabytes each way: writing all of stdin before reading stdout would deadlock on full pipes.
        var text = string.Concat(Enumerable.Range(0, 200_000).Select(i => $"line {i}\n"));
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(text));
        using var output = new MemoryStream();

        await Dummy.Command("stdin").WithStandardInputPipe(PipeSource.FromStream(input))
            .WithStandardOutputPipe(PipeTarget.ToStream(output)).ExecuteAsync();

        Encoding.UTF8.GetString(output.ToArray()).Should().Be(text);
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_pipe_bytes_and_files_in_and_write_stdout_to_a_file()
    {
        using var directory = new TempDirectory();
        var inputFile = directory.File("in.txt");
        var outputFile = directory.File("out.txt");
        await File.WriteAllTextAsync(inputFile, "from a file\n");

        await Dummy.Command("stdin").WithStandardInputPipe(PipeSource.FromFile(inputFile))
            .WithStandardOutputPipe(PipeTarget.ToFile(outputFile)).ExecuteAsync();
        var fromBytes = await Dummy.Command("stdin").WithStandardInputPipe(PipeSource.FromBytes("bytes"u8.ToArray()))
            .ExecuteBufferedAsync();

        (await File.ReadAllTextAsync(outputFile)).Should().Be("from a file\n");
        fromBytes.StandardOutput.Should().Be("bytes");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_pipe_stdout_and_stderr_line_by_line_into_delegates()
    {
        var stdout = new List<string>();
        var stderr = new List<string>();

        await Dummy.Command("lines", "9")
            .WithStandardOutputPipe(PipeTarget.ToDelegate(stdout.Add))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(stderr.Add))
            .ExecuteAsync();

        stdout.Should().Equal(Enumerable.Range(1, 9).Select(i => $"out {i}"));
        stderr.Should().Equal("err 3", "err 6", "err 9");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task The_command_completes_only_after_a_slow_async_delegate_has_seen_every_line()
    {
        var lines = new List<string>();

        await Dummy.Command("lines", "200").WithStandardOutputPipe(PipeTarget.ToDelegate(async line =>
        {
            await Task.Delay(1);
            lines.Add(line);
        })).ExecuteAsync();

        lines.Should().HaveCount(200).And.EndWith("out 200");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_merge_stdout_into_several_targets()
    {
        var builder = new StringBuilder();
        var lines = new List<string>();
        using var stream = new MemoryStream();

        await Dummy.Command("lines", "5000").WithStandardOutputPipe(PipeTarget.Merge(
            PipeTarget.ToStringBuilder(builder), PipeTarget.ToDelegate(lines.Add), PipeTarget.ToStream(stream), PipeTarget.Null))
            .ExecuteAsync();

        var expected = string.Concat(Enumerable.Range(1, 5000).Select(i => $"out {i}\n"));
        builder.ToString().Should().Be(expected);
        Encoding.UTF8.GetString(stream.ToArray()).Should().Be(expected);
        lines.Should().HaveCount(5000).And.StartWith("out 1");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_buffer_output_and_still_feed_the_pipes_the_command_has()
    {
        var lines = new List<string>();

        var result = await Dummy.Command("echo", "both").WithStandardOutputPipe(PipeTarget.ToDelegate(lines.Add)).ExecuteBufferedAsync();

        result.StandardOutput.Should().Be("both\n");
        lines.Should().Equal("both");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task I_can_pipe_one_command_into_another_with_operators()
    {
        var output = new StringBuilder();

        await (Dummy.Command("echo", "through", "a", "pipe") | Dummy.Command("stdin") | output).ExecuteAsync();
        var fromString = await ("typed in" | Dummy.Command("stdin")).ExecuteBufferedAsync();

        output.ToString().Should().Be("through a pipe\n");
        fromString.StandardOutput.Should().Be("typed in");
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task A_child_that_ignores_stdin_still_completes_when_much_input_is_piped()
    {
        var result = await Dummy.Command("exit", "0").WithStandardInputPipe(PipeSource.FromBytes(new byte[16 * 1024 * 1024]))
            .ExecuteAsync();

        result.ExitCode.Should().Be(0);
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task A_failing_pipe_target_stops_the_child_and_surfaces_its_exception()
    {
        var seen = 0;
        var task = Dummy.Command("lines", "1000000").WithStandardOutputPipe(PipeTarget.ToDelegate(_ =>
        {
            if (++seen == 10)
                throw new InvalidOperationException("target gave up");
        })).ExecuteAsync();

        try
        {
            var act = async () => await task;

            (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("target gave up");
            (await ProcessProbe.WaitUntilGoneAsync(task.ProcessId, TimeSpan.FromSeconds(10))).Should().BeTrue();
        }
        finally
        {
            ProcessProbe.KillIfRunning(task.ProcessId);
        }
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task A_failing_target_inside_a_merge_also_stops_the_child()
    {
        var kept = new StringBuilder();
        var task = Dummy.Command("lines", "1000000").WithStandardOutputPipe(PipeTarget.Merge(
            PipeTarget.ToStringBuilder(kept),
            PipeTarget.ToDelegate(_ => throw new InvalidOperationException("merged target gave up")))).ExecuteAsync();

        try
        {
            var act = async () => await task;

            (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("merged target gave up");
            (await ProcessProbe.WaitUntilGoneAsync(task.ProcessId, TimeSpan.FromSeconds(10))).Should().BeTrue();
        }
        finally
        {
            ProcessProbe.KillIfRunning(task.ProcessId);
        }
    }

    [Fact(Timeout = Dummy.Timeout)]
    public async Task A_failing_input_source_stops_the_child_and_surfaces_its_exception()
    {
        using var directory = new TempDirectory();
        var task = Dummy.Command("sleep", "60").WithStandardInputPipe(PipeSource.FromFile(directory.File("missing.txt"))).ExecuteAsync();

        try
        {
            var act = async () => await task;

            await act.Should().ThrowAsync<FileNotFoundException>();
            (await ProcessProbe.WaitUntilGoneAsync(task.ProcessId, TimeSpan.FromSeconds(10))).Should().BeTrue();
        }
        finally
        {
            ProcessProbe.KillIfRunning(task.ProcessId);
        }
    }
}
