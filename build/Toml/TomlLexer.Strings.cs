using System.Buffers;
using System.Text;

namespace RedoxBuild.Toml;

/// <summary>
/// The four string kinds. Scans report the text either as a raw byte range (nothing to decode: the common case,
/// turned into a string in one step) or, once an escape or CRLF forces a change, as chars in a buffer.
/// </summary>
internal ref partial struct TomlLexer
{
    private static readonly SearchValues<byte> BasicStops = SearchValues.Create([.. ControlBytes(), (byte)'"', (byte)'\\']);
    private static readonly SearchValues<byte> LiteralStops = SearchValues.Create([.. ControlBytes(), (byte)'\'']);

    /// <summary>Reads any string value at the cursor ('"' or '\'').</summary>
    public string ReadString(TomlPosition opening)
    {
        valueChars.Clear();
        var quote = src[pos];
        var multiline = Peek(1) == quote && Peek(2) == quote;
        int start, end;
        bool decoded;
        if (quote == '"')
            decoded = multiline ? ScanMultiline(quote, opening, out start, out end) : ScanBasicString(ref valueChars, out start, out end);
        else
            decoded = multiline ? ScanMultiline(quote, opening, out start, out end) : ScanLiteralString(out start, out end);
        return decoded ? valueChars.ToString() : Encoding.UTF8.GetString(src[start..end]);
    }

    /// <summary>At '"': returns true when escapes put the text into <paramref name="buffer"/>.</summary>
    private bool ScanBasicString(ref CharBuffer buffer, out int contentStart, out int contentEnd)
    {
        var open = pos++;
        contentStart = pos;
        var segment = pos;
        var decoded = false;
        while (true)
        {
            var found = src[pos..].IndexOfAny(BasicStops);
            if (found < 0)
                throw ErrorAt(open, "unterminated string: expected a closing \" on the same line");
            pos += found;
            var c = src[pos];
            if (c == '"')
            {
                contentEnd = pos;
                if (decoded) buffer.AppendUtf8(src[segment..pos]);
                pos++;
                return decoded;
            }
            if (c != '\\') throw StringStop(open, '"');
            buffer.AppendUtf8(src[segment..pos]);
            ReadEscape(ref buffer);
            segment = pos;
            decoded = true;
        }
    }

    /// <summary>At '\'': literal strings have no escapes, so the text is always the raw range.</summary>
    private bool ScanLiteralString(out int contentStart, out int contentEnd)
    {
        var open = pos++;
        contentStart = pos;
        var found = src[pos..].IndexOfAny(LiteralStops);
        if (found < 0)
            throw ErrorAt(open, "unterminated string: expected a closing ' on the same line");
        pos += found;
        if (src[pos] != '\'') throw StringStop(open, '\'');
        contentEnd = pos++;
        return false;
    }

    /// <summary>At '"""' or '''''': the text goes into the value buffer when escapes or CRLF change it.</summary>
    private bool ScanMultiline(byte quote, TomlPosition opening, out int contentStart, out int contentEnd)
    {
        pos += 3;
        // A line ending right after the opening delimiter is not part of the text.
        if (Current == '\n' || (Current == '\r' && Peek(1) == '\n'))
            TrySkipNewline();
        contentStart = pos;
        var segment = pos;
        var decoded = false;
        var stops = quote == '"' ? BasicStops : LiteralStops;
        while (true)
        {
            var found = src[pos..].IndexOfAny(stops);
            if (found < 0)
            {
                pos = src.Length;
                throw Error($"unterminated multi-line string opened at {opening}: expected closing {(char)quote}{(char)quote}{(char)quote}");
            }
            pos += found;
            switch (src[pos])
            {
                case var c when c == quote:
                    var run = 1;
                    while (Peek(run) == quote) run++;
                    if (run < 3)
                    {
                        pos += run;
                        break;
                    }
                    if (run > 5)
                        throw Error($"too many quotes: at most two {(char)quote} may come right before the closing delimiter");
                    contentEnd = pos + run - 3;
                    if (decoded) valueChars.AppendUtf8(src[segment..contentEnd]);
                    pos += run;
                    return decoded;
                case (byte)'\\':
                    valueChars.AppendUtf8(src[segment..pos]);
                    if (Peek(1) is ' ' or '\t' or '\n' or '\r') SkipLineEndingBackslash();
                    else ReadEscape(ref valueChars);
                    segment = pos;
                    decoded = true;
                    break;
                case (byte)'\n':
                    TrySkipNewline();
                    break;
                case (byte)'\r' when Peek(1) == '\n':
                    // CRLF becomes LF so a file checked out with Windows line endings yields the same text.
                    valueChars.AppendUtf8(src[segment..pos]);
                    valueChars.Append('\n');
                    TrySkipNewline();
                    segment = pos;
                    decoded = true;
                    break;
                default:
                    throw Error(quote == '"'
                        ? $"{Describe()} is not allowed in a string; write it as an escape such as \\u{src[pos]:X4}"
                        : $"{Describe()} is not allowed in a literal string; use a basic string with an escape such as \\u{src[pos]:X4}");
            }
        }
    }

    private TomlException StringStop(int open, char quote)
    {
        if (src[pos] == '\n' || src[pos] == '\r')
            return ErrorAt(open, $"unterminated string: expected a closing {quote} on the same line (use {quote}{quote}{quote} for multi-line strings)");
        return Error(quote == '"'
            ? $"{Describe()} is not allowed in a string; write it as an escape such as \\u{src[pos]:X4}"
            : $"{Describe()} is not allowed in a literal string; use a basic string with an escape such as \\u{src[pos]:X4}");
    }

    /// <summary>A backslash at the end of a line (spaces may follow) joins it with the next non-blank text.</summary>
    private void SkipLineEndingBackslash()
    {
        pos++;
        SkipSpaces();
        if (!TrySkipNewline())
            throw Error($"a backslash followed by spaces must end the line, found {Describe()}");
        do SkipSpaces();
        while (TrySkipNewline());
    }

    private void ReadEscape(ref CharBuffer buffer)
    {
        var c = Peek(1);
        char simple;
        switch (c)
        {
            case 'b': simple = '\b'; break;
            case 't': simple = '\t'; break;
            case 'n': simple = '\n'; break;
            case 'f': simple = '\f'; break;
            case 'r': simple = '\r'; break;
            case '"': simple = '"'; break;
            case '\\': simple = '\\'; break;
            case 'u': ReadUnicodeEscape(ref buffer, 4); return;
            case 'U': ReadUnicodeEscape(ref buffer, 8); return;
            default:
                var written = c is > 0x20 and < 0x7F ? $"invalid escape sequence '\\{(char)c}'" : $"invalid escape: a backslash followed by {Describe(pos + 1)}";
                throw Error($"{written}; TOML 1.0 allows \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX and \\UXXXXXXXX");
        }
        buffer.Append(simple);
        pos += 2;
    }

    private void ReadUnicodeEscape(ref CharBuffer buffer, int digits)
    {
        var value = 0u;
        for (var i = 0; i < digits; i++)
        {
            var digit = HexValue(Peek(2 + i));
            if (digit < 0)
                throw Error($"\\{(char)src[pos + 1]} must be followed by exactly {digits} hexadecimal digits");
            value = (value << 4) | (uint)digit;
        }
        if (!Rune.IsValid(value))
            throw Error($"\\{(char)src[pos + 1]}{value.ToString(digits == 4 ? "X4" : "X8")} is not a Unicode scalar value (surrogates and values above 10FFFF are not allowed)");
        buffer.AppendRune(new Rune(value));
        pos += 2 + digits;
    }

    private static int HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
