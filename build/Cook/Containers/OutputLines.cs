using System.Text;
using RedoxBuild.Docker;

namespace RedoxBuild.Cook.Containers;

/// <summary>
/// Turns the byte chunks of a container's stdout and stderr into whole lines, each stream on its own: a frame may end
/// in the middle of a line or of a UTF-8 character, and the recipe's log wants lines.
/// </summary>
internal sealed class OutputLines(Action<string, bool> onLine)
{
    private readonly Decoder _stdoutDecoder = Encoding.UTF8.GetDecoder();
    private readonly Decoder _stderrDecoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private char[] _chars = [];

    public void Write(byte[] buffer, int count, MultiplexedStream.TargetStream target)
    {
        var error = target == MultiplexedStream.TargetStream.StandardError;
        var decoder = error ? _stderrDecoder : _stdoutDecoder;
        var pending = error ? _stderr : _stdout;
        var needed = decoder.GetCharCount(buffer, 0, count);
        if (_chars.Length < needed) _chars = new char[Math.Max(needed, 4096)];
        ReadOnlySpan<char> chars = _chars.AsSpan(0, decoder.GetChars(buffer, 0, count, _chars, 0));
        for (var newline = chars.IndexOf('\n'); newline >= 0; newline = chars.IndexOf('\n'))
        {
            pending.Append(chars[..newline]);
            Emit(pending, error);
            chars = chars[(newline + 1)..];
        }
        pending.Append(chars);
    }

    /// <summary>The last line of each stream when it had no newline.</summary>
    public void Flush()
    {
        if (_stdout.Length > 0) Emit(_stdout, false);
        if (_stderr.Length > 0) Emit(_stderr, true);
    }

    private void Emit(StringBuilder pending, bool error)
    {
        if (pending.Length > 0 && pending[^1] == '\r') pending.Length--; // CRLF from tools that write it
        var line = pending.ToString();
        pending.Clear();
        onLine(line, error);
    }
}

/// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool, which reorders build output).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
