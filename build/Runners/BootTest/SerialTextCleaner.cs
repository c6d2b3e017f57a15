namespace RedoxBuild.Runners.BootTest;

/// <summary>
/// Turns raw serial text into plain text as it arrives: drops ANSI escape sequences (CSI such as ESC[2J, OSC/DCS
/// strings, two-byte ESC x), carriage returns and other control characters except \n and \t. The state survives
/// between chunks, so a sequence split across two reads is still removed. The Nix harness polled a file because
/// expect broke on these escapes; cleaning the stream lets us match milestones as the bytes arrive.
/// </summary>
public sealed class SerialTextCleaner
{
    // A malformed sequence must not swallow the rest of the boot log.
    private const int MaxSequenceLength = 256;

    private enum State { Text, Escape, EscapeIntermediate, Csi, String, StringEscape }

    private State _state;
    private int _sequenceLength;

    /// <summary>Cleans <paramref name="input"/> into <paramref name="output"/> (at least as long) and returns the characters written.</summary>
    public int Clean(ReadOnlySpan<char> input, Span<char> output)
    {
        if (output.Length < input.Length) throw new ArgumentException("The output must be at least as long as the input.", nameof(output));
        var written = 0;
        foreach (var c in input)
        {
            if (_state != State.Text && ++_sequenceLength > MaxSequenceLength) _state = State.Text;
            switch (_state)
            {
                case State.Text:
                    if (c == '\x1b') Begin(State.Escape);
                    else if (c is '\n' or '\t' || (c >= ' ' && c != '\x7f')) output[written++] = c;
                    break;
                case State.Escape:
                    _state = c switch
                    {
                        '[' => State.Csi,
                        ']' or 'P' or 'X' or '^' or '_' => State.String,
                        >= ' ' and <= '/' => State.EscapeIntermediate,
                        _ => State.Text,
                    };
                    break;
                case State.EscapeIntermediate:
                    if (c is < ' ' or > '/') _state = State.Text;
                    break;
                case State.Csi:
                    if (c is >= '@' and <= '~') _state = State.Text;
                    else if (c < ' ') // a broken sequence: end it and keep the control character's meaning
                    {
                        _state = State.Text;
                        if (c == '\n') output[written++] = c;
                    }
                    break;
                case State.String:
                    if (c == '\a') _state = State.Text;
                    else if (c == '\x1b') _state = State.StringEscape;
                    else if (c == '\n') // strings never span lines; a lost terminator must not eat the next line
                    {
                        _state = State.Text;
                        output[written++] = c;
                    }
                    break;
                case State.StringEscape:
                    _state = c == '\\' ? State.Text : State.String;
                    break;
            }
        }
        return written;
    }

    /// <summary>Cleans a chunk into a new string.</summary>
    public string Clean(ReadOnlySpan<char> input)
    {
        var buffer = input.Length <= 1024 ? stackalloc char[input.Length] : new char[input.Length];
        return new string(buffer[..Clean(input, buffer)]);
    }

    /// <summary>Cleans one complete text (a fresh cleaner, so no state leaks in).</summary>
    public static string CleanAll(string text) => new SerialTextCleaner().Clean(text);

    private void Begin(State state)
    {
        _state = state;
        _sequenceLength = 0;
    }
}
