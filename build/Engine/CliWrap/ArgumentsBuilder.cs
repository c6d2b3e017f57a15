using System.Globalization;
using System.Text;

namespace RedoxBuild.CliWrap;

/// <summary>Builds a command's arguments one by one, escaping each so it reaches the child exactly as given.</summary>
public sealed class ArgumentsBuilder
{
    private readonly StringBuilder _raw = new();
    private readonly List<string> _values = [];

    // While every piece was escaped, the list of values is the exact argv; a raw piece makes the string authoritative.
    private bool _hasRawPieces;

    /// <summary>Adds one argument. With <paramref name="escape"/> false the text is appended as raw argument syntax.</summary>
    public ArgumentsBuilder Add(string value, bool escape = true)
    {
        ArgumentNullException.ThrowIfNull(value);
        CommandArguments.RejectNul(value);
        if (_raw.Length > 0)
            _raw.Append(' ');

        if (escape)
        {
            _raw.Append(CommandLineSyntax.Escape(value));
            _values.Add(value);
        }
        else
        {
            _raw.Append(value);
            _hasRawPieces = true;
        }

        return this;
    }

    /// <summary>Adds several arguments.</summary>
    public ArgumentsBuilder Add(IEnumerable<string> values, bool escape = true)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
            Add(value, escape);
        return this;
    }

    /// <summary>Adds a formatted value (a number, a date...) rendered with the given culture or format provider.</summary>
    public ArgumentsBuilder Add(IFormattable value, IFormatProvider formatProvider, bool escape = true)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(value.ToString(null, formatProvider), escape);
    }

    /// <summary>Adds a formatted value rendered with the invariant culture, so builds do not depend on the host's locale.</summary>
    public ArgumentsBuilder Add(IFormattable value, bool escape = true) => Add(value, CultureInfo.InvariantCulture, escape);

    /// <summary>Adds several formatted values rendered with the given format provider.</summary>
    public ArgumentsBuilder Add(IEnumerable<IFormattable> values, IFormatProvider formatProvider, bool escape = true)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
            Add(value, formatProvider, escape);
        return this;
    }

    /// <summary>The arguments as one string in <see cref="System.Diagnostics.ProcessStartInfo.Arguments"/> syntax.</summary>
    public string Build() => _raw.ToString();

    internal CommandArguments BuildArguments()
    {
        var raw = _raw.ToString();
        return _hasRawPieces ? CommandArguments.Parse(raw) : new CommandArguments(raw, [.. _values]);
    }
}

/// <summary>The arguments of a command: the display/raw string and the exact list the child receives as argv[1..].</summary>
internal sealed record CommandArguments(string Raw, IReadOnlyList<string> List)
{
    public static CommandArguments Empty { get; } = new("", []);

    public static CommandArguments Parse(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        RejectNul(raw);
        return new CommandArguments(raw, CommandLineSyntax.Split(raw));
    }

    public static void RejectNul(string value)
    {
        // execve takes NUL-terminated strings, so a NUL would silently cut the argument short.
        if (value.Contains('\0'))
            // The value itself stays out of the message: it may be a secret.
            throw new ArgumentException($"An argument contains a NUL character at index {value.IndexOf('\0')}; execve cannot pass it, so remove it.", nameof(value));
    }
}
