using System.Text;

namespace RedoxBuild.Toml;

/// <summary>
/// A growable char scratch area reused across tokens so decoding keys and escapes allocates nothing per token.
/// The array is made on first use: most documents never need to decode an escape.
/// </summary>
internal struct CharBuffer()
{
    private const int InitialCapacity = 32;

    private char[] chars = [];

    public int Length { get; private set; }

    public readonly ReadOnlySpan<char> Slice(int start, int length) => chars.AsSpan(start, length);

    public void Clear() => Length = 0;

    public void Append(char c)
    {
        Reserve(1);
        chars[Length++] = c;
    }

    public void AppendRune(Rune rune)
    {
        Reserve(2);
        Length += rune.EncodeToUtf16(chars.AsSpan(Length));
    }

    /// <summary>Appends bytes already known to be valid UTF-8; they never decode to more chars than bytes.</summary>
    public void AppendUtf8(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return;
        Reserve(utf8.Length);
        Length += Encoding.UTF8.GetChars(utf8, chars.AsSpan(Length));
    }

    /// <summary>Widens ASCII bytes (bare keys) without going through a decoder.</summary>
    public void AppendAscii(ReadOnlySpan<byte> ascii)
    {
        Reserve(ascii.Length);
        var target = chars.AsSpan(Length, ascii.Length);
        for (var i = 0; i < ascii.Length; i++)
            target[i] = (char)ascii[i];
        Length += ascii.Length;
    }

    public readonly string ToString(int start, int length) => new(chars, start, length);

    public override readonly string ToString() => new(chars, 0, Length);

    private void Reserve(int extra)
    {
        if (Length + extra > chars.Length)
            Array.Resize(ref chars, Math.Max(Math.Max(chars.Length * 2, InitialCapacity), Length + extra));
    }
}
