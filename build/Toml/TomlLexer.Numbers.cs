using System.Globalization;

namespace RedoxBuild.Toml;

/// <summary>
/// Integers, floats and the words true/false/inf/nan. A number is first cut out as a run of the bytes numbers can
/// hold, then checked strictly against TOML's grammar, so a bad number gets one message naming the whole token.
/// </summary>
internal ref partial struct TomlLexer
{
    public TomlBoolean ReadBoolean(TomlPosition at)
    {
        var value = Current == 't';
        var word = value ? "true"u8 : "false"u8;
        if (!src[pos..].StartsWith(word))
            throw Error($"expected a value, found '{TokenText(pos)}' (booleans are lowercase true and false)");
        pos += word.Length;
        ExpectValueEnd("the boolean");
        return new TomlBoolean(value, at);
    }

    /// <summary>At a digit, sign, 'i' or 'n': a number, or a date/time when the digits are laid out like one.</summary>
    public TomlNode ReadNumberOrDateTime(TomlPosition at)
    {
        if (IsDigit(Peek(0)) && IsDigit(Peek(1)))
        {
            if (IsDigit(Peek(2)) && IsDigit(Peek(3)) && Peek(4) == '-') return ReadDateOrDateTime(at);
            if (Peek(2) == ':') return ReadLocalTime(at);
        }
        var start = pos;
        while (pos < src.Length && IsNumberByte(src[pos]))
            pos++;
        var node = ParseNumber(src[start..pos], start, at);
        if (Current == ':')
            throw ErrorAt(start, $"invalid time '{TokenText(start)}': times are written HH:MM:SS, with a two-digit hour");
        ExpectValueEnd("the number");
        return node;
    }

    private TomlNode ParseNumber(ReadOnlySpan<byte> token, int start, TomlPosition at)
    {
        var body = token;
        var negative = false;
        if (body.Length > 0 && (body[0] == '+' || body[0] == '-'))
        {
            negative = body[0] == '-';
            body = body[1..];
        }
        if (body.SequenceEqual("inf"u8)) return new TomlFloat(negative ? double.NegativeInfinity : double.PositiveInfinity, at);
        if (body.SequenceEqual("nan"u8)) return new TomlFloat(double.NaN, at);
        if (body.Length > 1 && body[0] == '0' && body[1] is (byte)'x' or (byte)'o' or (byte)'b')
        {
            if (body.Length != token.Length)
                throw InvalidNumber(start, "a sign is not allowed on hexadecimal, octal or binary integers");
            return new TomlInteger(ParseRadixInteger(body, start), at);
        }

        var i = 0;
        if (!SkipDigits(body, ref i, 10))
            throw InvalidNumber(start, DigitProblem(body, i, "expected a digit"));
        if (body[0] == '0' && i > 1)
            throw InvalidNumber(start, "leading zeros are not allowed");
        var isFloat = false;
        if (i < body.Length && body[i] == '.')
        {
            i++;
            if (!SkipDigits(body, ref i, 10))
                throw InvalidNumber(start, DigitProblem(body, i, "expected a digit after the decimal point"));
            isFloat = true;
        }
        if (i < body.Length && (body[i] | 0x20) == 'e')
        {
            i++;
            if (i < body.Length && (body[i] == '+' || body[i] == '-')) i++;
            if (!SkipDigits(body, ref i, 10))
                throw InvalidNumber(start, DigitProblem(body, i, "expected a digit in the exponent"));
            isFloat = true;
        }
        if (i != body.Length)
            throw InvalidNumber(start, body[i] == '-' && IsDigit(body[0])
                ? "dates are written YYYY-MM-DD, with a four-digit year"
                : $"unexpected '{(char)body[i]}'");
        return isFloat ? new TomlFloat(ParseFloat(token), at) : new TomlInteger(ParseDecimalInteger(body, negative, start), at);
    }

    private static string DigitProblem(ReadOnlySpan<byte> s, int at, string otherwise) =>
        at < s.Length && s[at] == '_' ? "an underscore must sit between two digits" : otherwise;

    /// <summary>Digits of <paramref name="radix"/> where each underscore sits between two digits.</summary>
    private static bool SkipDigits(ReadOnlySpan<byte> s, ref int i, int radix)
    {
        if (i >= s.Length || DigitValue(s[i], radix) < 0) return false;
        i++;
        while (i < s.Length)
        {
            if (s[i] == '_')
            {
                if (i + 1 >= s.Length || DigitValue(s[i + 1], radix) < 0) return false;
                i += 2;
            }
            else if (DigitValue(s[i], radix) >= 0) i++;
            else break;
        }
        return true;
    }

    private long ParseDecimalInteger(ReadOnlySpan<byte> digits, bool negative, int start)
    {
        var limit = negative ? 1UL << 63 : long.MaxValue;
        var magnitude = 0UL;
        foreach (var b in digits)
        {
            if (b == '_') continue;
            var digit = (ulong)(b - '0');
            if (magnitude > (limit - digit) / 10)
                throw InvalidNumber(start, "out of range for a 64-bit signed integer");
            magnitude = magnitude * 10 + digit;
        }
        return negative ? unchecked((long)(0UL - magnitude)) : (long)magnitude;
    }

    private long ParseRadixInteger(ReadOnlySpan<byte> body, int start)
    {
        var (radix, name) = body[1] switch
        {
            (byte)'x' => (16, "hexadecimal"),
            (byte)'o' => (8, "octal"),
            _ => (2, "binary"),
        };
        var digits = body[2..];
        var i = 0;
        if (!SkipDigits(digits, ref i, radix) || i != digits.Length)
            throw InvalidNumber(start, $"expected {name} digits after '0{(char)body[1]}' (underscores only between digits)");
        var value = 0UL;
        foreach (var b in digits)
        {
            if (b == '_') continue;
            var digit = (ulong)DigitValue(b, radix);
            if (value > (long.MaxValue - digit) / (ulong)radix)
                throw InvalidNumber(start, "out of range for a 64-bit signed integer");
            value = value * (ulong)radix + digit;
        }
        return (long)value;
    }

    private static double ParseFloat(ReadOnlySpan<byte> token)
    {
        Span<byte> plain = token.Length <= 128 ? stackalloc byte[token.Length] : new byte[token.Length];
        var length = 0;
        foreach (var b in token)
            if (b != '_') plain[length++] = b;
        // Values too large for a double become infinity, as IEEE 754 rounding says.
        return double.Parse(plain[..length], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private TomlException InvalidNumber(int start, string reason) =>
        ErrorAt(start, $"invalid number '{TokenText(start)}': {reason}");

    /// <summary>The value-like text starting at <paramref name="start"/>, for messages.</summary>
    private readonly string TokenText(int start)
    {
        var end = start;
        while (end < src.Length && end - start < 64
               && (IsNumberByte(src[end]) || src[end] == ':' || (src[end] == ' ' && end - start == 10 && end + 1 < src.Length && IsDigit(src[end + 1]))))
            end++;
        return System.Text.Encoding.UTF8.GetString(src[start..end]);
    }

    private void ExpectValueEnd(string what)
    {
        if (pos < src.Length && src[pos] is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'#' or (byte)',' or (byte)']' or (byte)'}'))
            throw Error($"unexpected {Describe()} after {what}");
    }

    private static bool IsDigit(int c) => (uint)(c - '0') <= 9;

    private static bool IsNumberByte(byte b) => TomlKeys.IsBareKeyByte(b) || b == '.' || b == '+';

    private static int DigitValue(byte b, int radix)
    {
        var value = HexValue(b);
        return value < radix ? value : -1;
    }
}
