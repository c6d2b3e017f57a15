using System.Text;

namespace RedoxBuild.Toml;

/// <summary>
/// RFC 3339 dates and times as TOML 1.0 writes them: seconds are required, 'T', 't' or a space joins date and time,
/// fractions keep every digit in the node's text and are truncated (not rounded) to 100 ns in its value.
/// </summary>
internal ref partial struct TomlLexer
{
    private const int MaxOffsetMinutes = 14 * 60;

    private TomlNode ReadDateOrDateTime(TomlPosition at)
    {
        var start = pos;
        var year = ReadDigits(4, start, "the year");
        ExpectDateTimeByte('-', start, "'-' after the year");
        var month = ReadDigits(2, start, "a two-digit month");
        ExpectDateTimeByte('-', start, "'-' after the month");
        var day = ReadDigits(2, start, "a two-digit day");
        if (year == 0)
            throw InvalidDateTime(start, "year 0000 cannot be represented (the earliest supported year is 0001)");
        if (month is < 1 or > 12)
            throw InvalidDateTime(start, "the month must be between 01 and 12");
        if (day < 1 || day > DateTime.DaysInMonth(year, month))
            throw InvalidDateTime(start, $"day {day:D2} does not exist in {year:D4}-{month:D2}");

        var joined = Current is 'T' or 't'
            || (Current == ' ' && IsDigit(Peek(1)) && IsDigit(Peek(2)) && Peek(3) == ':');
        if (!joined)
        {
            ExpectValueEnd("the date");
            return new TomlLocalDate(new DateOnly(year, month, day), Ascii(start), at);
        }
        pos++;
        var localTicks = new DateTime(year, month, day).Ticks + ReadTime(start);
        var offsetSign = Current;
        if (offsetSign is not ('Z' or 'z' or '+' or '-'))
        {
            ExpectValueEnd("the date-time");
            return new TomlLocalDateTime(new DateTime(localTicks), Ascii(start), at);
        }

        var offsetMinutes = 0;
        pos++;
        if (offsetSign is '+' or '-')
        {
            var hours = ReadDigits(2, start, "a two-digit offset hour");
            ExpectDateTimeByte(':', start, "':' in the offset (written as +HH:MM)");
            var minutes = ReadDigits(2, start, "two-digit offset minutes");
            if (hours > 23 || minutes > 59)
                throw InvalidDateTime(start, "the offset must be between -23:59 and +23:59");
            offsetMinutes = (offsetSign == '-' ? -1 : 1) * (hours * 60 + minutes);
        }
        ExpectValueEnd("the date-time");
        if (Math.Abs(offsetMinutes) > MaxOffsetMinutes)
            throw InvalidDateTime(start, "offsets beyond ±14:00 cannot be represented (DateTimeOffset's limit)");
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        var utcTicks = localTicks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
            throw InvalidDateTime(start, "the instant falls outside years 0001-9999 in UTC and cannot be represented");
        return new TomlOffsetDateTime(new DateTimeOffset(localTicks, offset), Ascii(start), at);
    }

    private TomlLocalTime ReadLocalTime(TomlPosition at)
    {
        var start = pos;
        var ticks = ReadTime(start);
        ExpectValueEnd("the time");
        return new TomlLocalTime(new TimeOnly(ticks), Ascii(start), at);
    }

    /// <summary>HH:MM:SS with optional fraction; returns ticks since midnight.</summary>
    private long ReadTime(int start)
    {
        var hour = ReadDigits(2, start, "a two-digit hour");
        ExpectDateTimeByte(':', start, "':' after the hour");
        var minute = ReadDigits(2, start, "two-digit minutes");
        ExpectDateTimeByte(':', start, "seconds: TOML 1.0 requires times written as HH:MM:SS");
        var second = ReadDigits(2, start, "two-digit seconds");
        if (hour > 23) throw InvalidDateTime(start, "the hour must be between 00 and 23");
        if (minute > 59) throw InvalidDateTime(start, "the minutes must be between 00 and 59");
        if (second == 60) throw InvalidDateTime(start, "leap seconds (:60) cannot be represented");
        if (second > 59) throw InvalidDateTime(start, "the seconds must be between 00 and 59");

        var ticks = new TimeSpan(hour, minute, second).Ticks;
        if (Current != '.') return ticks;
        pos++;
        if (!IsDigit(Current))
            throw InvalidDateTime(start, "expected digits after the decimal point of the seconds");
        // Ticks are 100 ns: seven digits count, the rest are truncated as TOML requires.
        var scale = TimeSpan.TicksPerSecond;
        for (; IsDigit(Current); pos++)
        {
            scale /= 10;
            ticks += (src[pos] - '0') * scale;
        }
        return ticks;
    }

    private int ReadDigits(int count, int start, string expected)
    {
        var value = 0;
        for (var i = 0; i < count; i++, pos++)
        {
            if (!IsDigit(Current))
                throw InvalidDateTime(start, $"expected {expected}");
            value = value * 10 + (src[pos] - '0');
        }
        return value;
    }

    private void ExpectDateTimeByte(char expected, int start, string description)
    {
        if (Current != expected)
            throw InvalidDateTime(start, $"expected {description}");
        pos++;
    }

    private TomlException InvalidDateTime(int start, string reason) =>
        ErrorAt(start, $"invalid date-time '{TokenText(start)}': {reason}");

    private readonly string Ascii(int start) => Encoding.ASCII.GetString(src[start..pos]);
}
