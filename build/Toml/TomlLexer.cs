using System.Buffers;
using System.Text;

namespace RedoxBuild.Toml;

/// <summary>
/// Reads TOML tokens straight from UTF-8 bytes. The caller has already checked the whole input is valid UTF-8, so
/// only ASCII needs looking at here: every TOML delimiter is ASCII and non-ASCII text is copied through.
/// Lines and columns are tracked as it goes; a column is worked out only when a position is asked for.
/// </summary>
internal ref partial struct TomlLexer
{
    // Everything below U+0020 except tab, and DEL: TOML forbids these raw in comments and strings. The newline
    // bytes are in the set too so that scans stop at line ends.
    private static readonly SearchValues<byte> CommentStops = SearchValues.Create(ControlBytes());

    private readonly ReadOnlySpan<byte> src;
    private readonly string file;
    private int pos;
    private int line = 1;
    private int lineStart;
    // A byte offset on the current line whose column is known: asking for positions left to right stays linear.
    private int columnOffset;
    private int columnValue = 1;
    // Scratch reused for every token: the parts of the last key read, and decoded string values.
    private CharBuffer keyChars;
    private KeySegment[] segments;
    private int segmentCount;
    private CharBuffer valueChars;

    public TomlLexer(ReadOnlySpan<byte> source, string fileName)
    {
        src = source;
        file = fileName;
        keyChars = new CharBuffer();
        valueChars = new CharBuffer();
        segments = new KeySegment[8];
        if (source.StartsWith("\uFEFF"u8))
            pos = lineStart = columnOffset = 3;
    }

    public readonly bool AtEnd => pos >= src.Length;

    /// <summary>The byte at the cursor, or -1 at the end.</summary>
    public readonly int Current => pos < src.Length ? src[pos] : -1;

    public readonly int Peek(int ahead) => pos + ahead < src.Length ? src[pos + ahead] : -1;

    /// <summary>Moves over bytes on the current line (never over a line ending: that would lose the line count).</summary>
    public void Advance(int count = 1) => pos += count;

    public TomlPosition Position => PositionAt(pos);

    /// <summary>Position of a byte offset on the current line.</summary>
    public TomlPosition PositionAt(int offset)
    {
        offset = Math.Clamp(offset, lineStart, src.Length);
        if (offset < columnOffset)
        {
            columnOffset = lineStart;
            columnValue = 1;
        }
        foreach (var b in src[columnOffset..offset])
            if ((b & 0xC0) != 0x80) columnValue++;
        columnOffset = offset;
        return new TomlPosition(file, line, columnValue);
    }

    public TomlException Error(string reason) => ErrorAt(pos, reason);

    public TomlException ErrorAt(int offset, string reason) => new(PositionAt(offset), reason);

    /// <summary>What is at the cursor, in words, for "found ..." parts of messages.</summary>
    public readonly string Describe() => Describe(pos);

    public readonly string Describe(int offset)
    {
        if (offset >= src.Length) return "end of file";
        var b = src[offset];
        if (b == '\n') return "end of line";
        if (b == '\r') return "a carriage return";
        if (b < 0x20 || b == 0x7F) return $"control character U+{b:X4}";
        Rune.DecodeFromUtf8(src[offset..], out var rune, out _);
        return rune.IsAscii ? $"'{rune}'" : $"'{rune}' (U+{rune.Value:X4})";
    }

    public void SkipSpaces()
    {
        while (pos < src.Length && (src[pos] == ' ' || src[pos] == '\t'))
            pos++;
    }

    /// <summary>Consumes LF or CRLF at the cursor; a CR on its own is an error, not a line ending.</summary>
    public bool TrySkipNewline()
    {
        var c = Current;
        if (c == '\n')
        {
            StartLine(pos + 1);
            return true;
        }
        if (c != '\r') return false;
        if (Peek(1) != '\n')
            throw Error("a carriage return must be followed by a line feed (a bare CR is not a line ending in TOML)");
        StartLine(pos + 2);
        return true;
    }

    /// <summary>At '#': moves to the line ending (or the end), checking the comment holds no control characters.</summary>
    public void SkipComment()
    {
        var found = src[(pos + 1)..].IndexOfAny(CommentStops);
        if (found < 0)
        {
            pos = src.Length;
            return;
        }
        pos += 1 + found;
        if (src[pos] == '\n' || (src[pos] == '\r' && Peek(1) == '\n')) return;
        throw Error($"{Describe()} is not allowed in a comment");
    }

    /// <summary>Spaces, comments and line endings: what may sit between array elements.</summary>
    public void SkipTrivia()
    {
        do
        {
            SkipSpaces();
            if (Current == '#') SkipComment();
        }
        while (TrySkipNewline());
    }

    /// <summary>After a key/value pair or a header: optional spaces and comment, then a line ending or the end.</summary>
    public void ExpectLineEnd(string after)
    {
        SkipSpaces();
        if (Current == '#') SkipComment();
        if (AtEnd || TrySkipNewline()) return;
        throw Error($"expected a new line after {after}, found {Describe()}");
    }

    private void StartLine(int offset)
    {
        pos = lineStart = columnOffset = offset;
        columnValue = 1;
        line++;
    }

    private static byte[] ControlBytes()
    {
        var bytes = new List<byte>();
        for (var b = 0; b < 0x20; b++)
            if (b != '\t') bytes.Add((byte)b);
        bytes.Add(0x7F);
        return [.. bytes];
    }
}
