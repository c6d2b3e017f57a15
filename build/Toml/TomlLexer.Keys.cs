using System.Text;

namespace RedoxBuild.Toml;

/// <summary>One part of a dotted key: its decoded text lives in the lexer's key buffer.</summary>
internal readonly record struct KeySegment(int Start, int Length, TomlPosition Position);

internal ref partial struct TomlLexer
{
    /// <summary>Parts of the key read by the last <see cref="ReadKey"/>; valid until the next key is read.</summary>
    public readonly int KeySegmentCount => segmentCount;

    public readonly ReadOnlySpan<char> KeySpan(int segment) =>
        keyChars.Slice(segments[segment].Start, segments[segment].Length);

    public readonly string KeyString(int segment) =>
        keyChars.ToString(segments[segment].Start, segments[segment].Length);

    public readonly TomlPosition KeyPosition(int segment) => segments[segment].Position;

    /// <summary>The first <paramref name="count"/> parts joined with dots, written as TOML would accept them.</summary>
    public readonly string KeyText(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
            text.Append(i == 0 ? "" : ".").Append(TomlKeys.Format(KeySpan(i)));
        return text.ToString();
    }

    public readonly string KeyText() => KeyText(segmentCount);

    /// <summary>The key for a message: <c>'a.b'</c>, or a lone quoted key in its own quotes (<c>"a b"</c>).</summary>
    public readonly string KeyName(int count) => count == 1 ? TomlKeys.Name(KeySpan(0)) : $"'{KeyText(count)}'";

    public readonly string KeyName() => KeyName(segmentCount);

    /// <summary>Reads a bare, quoted or dotted key and the spaces after it.</summary>
    public void ReadKey()
    {
        keyChars.Clear();
        segmentCount = 0;
        while (true)
        {
            var start = pos;
            var charStart = keyChars.Length;
            var c = Current;
            if (c == '"' || c == '\'')
                ReadQuotedKey((byte)c);
            else
            {
                while (pos < src.Length && TomlKeys.IsBareKeyByte(src[pos]))
                    pos++;
                if (pos == start)
                    throw Error($"expected a key, found {Describe()}");
                keyChars.AppendAscii(src[start..pos]);
            }
            if (segmentCount == segments.Length)
                Array.Resize(ref segments, segmentCount * 2);
            segments[segmentCount++] = new KeySegment(charStart, keyChars.Length - charStart, PositionAt(start));
            SkipSpaces();
            if (Current != '.') return;
            pos++;
            SkipSpaces();
        }
    }

    private void ReadQuotedKey(byte quote)
    {
        if (Peek(1) == quote && Peek(2) == quote)
            throw Error("a multi-line string cannot be used as a key");
        int contentStart, contentEnd;
        var decoded = quote == '"'
            ? ScanBasicString(ref keyChars, out contentStart, out contentEnd)
            : ScanLiteralString(out contentStart, out contentEnd);
        if (!decoded)
            keyChars.AppendUtf8(src[contentStart..contentEnd]);
    }
}
