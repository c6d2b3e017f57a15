using RedoxBuild.Docker;

namespace RedoxBuild.Tests.Docker;

/// <summary>Decoding the 8-byte-header frames of a non-TTY container's output, whatever the read sizes.</summary>
public sealed class MultiplexedStreamSpecs
{
    /// <summary>A stream that hands out at most one byte per read: every header and payload arrives in pieces.</summary>
    private sealed class Trickle(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }

    [Fact]
    public async Task Frames_read_one_byte_at_a_time_still_decode_to_their_streams_in_order()
    {
        var bytes = DockerClientSpecs.Frames((1, "out one\n"), (2, "err\n"), (1, "out two\n"));
        using var stream = new MultiplexedStream(new Trickle(bytes), multiplexed: true);
        var buffer = new byte[64];
        var pieces = new List<(MultiplexedStream.TargetStream, string)>();

        while (await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None) is { EOF: false } read)
            pieces.Add((read.Target, System.Text.Encoding.UTF8.GetString(buffer, 0, read.Count)));

        string Joined(MultiplexedStream.TargetStream target) => string.Concat(pieces.Where(p => p.Item1 == target).Select(p => p.Item2));
        Joined(MultiplexedStream.TargetStream.StandardOut).Should().Be("out one\nout two\n");
        Joined(MultiplexedStream.TargetStream.StandardError).Should().Be("err\n");
        pieces.Select(p => p.Item1).Distinct().Should().Equal(MultiplexedStream.TargetStream.StandardOut, MultiplexedStream.TargetStream.StandardError);
    }

    [Fact]
    public async Task A_read_never_crosses_a_frame_boundary_and_the_header_length_is_big_endian()
    {
        var payload = new string('x', 300); // 300 = 0x012C: only a big-endian reading of bytes 4-7 gets it right
        using var stream = new MultiplexedStream(new MemoryStream(DockerClientSpecs.Frames((2, payload), (1, "y"))), multiplexed: true);
        var buffer = new byte[1024];

        var first = await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
        var second = await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
        var end = await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);

        first.Should().Be(new MultiplexedStream.ReadResult(300, MultiplexedStream.TargetStream.StandardError));
        second.Should().Be(new MultiplexedStream.ReadResult(1, MultiplexedStream.TargetStream.StandardOut));
        end.EOF.Should().BeTrue();
    }

    [Fact]
    public async Task Empty_frames_are_skipped_and_a_TTY_stream_reads_raw_as_stdout()
    {
        using var framed = new MultiplexedStream(new MemoryStream(DockerClientSpecs.Frames((1, ""), (2, "e"))), multiplexed: true);
        using var raw = new MultiplexedStream(new MemoryStream("\u0001raw tty bytes"u8.ToArray()), multiplexed: false);

        (await framed.ReadOutputToEndAsync(CancellationToken.None)).Should().Be(("", "e"));
        (await raw.ReadOutputToEndAsync(CancellationToken.None)).Should().Be(("\u0001raw tty bytes", ""));
    }

    [Theory]
    [InlineData(3, "ended inside a frame header (3 of 8 bytes)")]
    [InlineData(10, "ended inside a frame (3 bytes of StandardOut were still due)")]
    public async Task A_stream_cut_off_inside_a_frame_is_an_error_not_a_silent_end(int keep, string expected)
    {
        var bytes = DockerClientSpecs.Frames((1, "hello"))[..keep];
        using var stream = new MultiplexedStream(new MemoryStream(bytes), multiplexed: true);

        var act = () => stream.ReadOutputToEndAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<IOException>()).Which.Message.Should().Contain(expected);
    }

    [Fact]
    public async Task Raw_output_read_as_frames_is_recognised_and_the_TTY_setting_named()
    {
        using var stream = new MultiplexedStream(new MemoryStream("hello world\n"u8.ToArray()), multiplexed: true);

        var act = () => stream.ReadOutputToEndAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<IOException>()).Which.Message.Should()
            .Be("Not a multiplexed stream: a frame header starts 68656C6C6F20776F. Was the container or exec created with Tty=true? Then read it with tty: true.");
    }
}
