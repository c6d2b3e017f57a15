using System.Text;

namespace RedoxBuild.CliWrap;

/// <summary>
/// The argument-string syntax that <see cref="System.Diagnostics.ProcessStartInfo.Arguments"/> uses on every platform
/// (the MSVCRT rules: whitespace separates, double quotes group, backslashes escape only before a quote).
/// <see cref="Command.Arguments"/> is written in this syntax so it stays interchangeable with CliWrap and
/// ProcessStartInfo; the process itself is always started from the split list, never from the string.
/// </summary>
internal static class CommandLineSyntax
{
    /// <summary>Quotes one argument so that <see cref="Split"/> (and .NET) gives it back unchanged.</summary>
    public static string Escape(string argument)
    {
        if (argument.Length != 0 && !argument.Any(c => char.IsWhiteSpace(c) || c == '"'))
            return argument;

        var buffer = new StringBuilder(argument.Length + 2).Append('"');
        for (var i = 0; i < argument.Length;)
        {
            var c = argument[i++];
            if (c == '\\')
            {
                var backslashes = 1;
                while (i < argument.Length && argument[i] == '\\')
                {
                    i++;
                    backslashes++;
                }

                if (i == argument.Length)
                    buffer.Append('\\', backslashes * 2); // doubled so the closing quote stays a quote
                else if (argument[i] == '"')
                {
                    buffer.Append('\\', backslashes * 2 + 1).Append('"');
                    i++;
                }
                else
                    buffer.Append('\\', backslashes);
                continue;
            }

            if (c == '"')
                buffer.Append("\\\"");
            else
                buffer.Append(c);
        }

        return buffer.Append('"').ToString();
    }

    /// <summary>Splits an argument string exactly as .NET does before calling execve.</summary>
    public static IReadOnlyList<string> Split(string arguments)
    {
        var result = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < arguments.Length && arguments[i] is ' ' or '\t')
                i++;
            if (i == arguments.Length)
                return result;
            result.Add(NextArgument(arguments, ref i));
        }
    }

    private static string NextArgument(string arguments, ref int i)
    {
        var current = new StringBuilder();
        var inQuotes = false;
        while (i < arguments.Length)
        {
            var backslashes = 0;
            while (i < arguments.Length && arguments[i] == '\\')
            {
                i++;
                backslashes++;
            }

            if (backslashes > 0)
            {
                if (i < arguments.Length && arguments[i] == '"')
                {
                    // 2n backslashes + quote: n backslashes and a delimiter; 2n+1: n backslashes and a literal quote.
                    current.Append('\\', backslashes / 2);
                    if (backslashes % 2 != 0)
                    {
                        current.Append('"');
                        i++;
                    }
                }
                else
                {
                    current.Append('\\', backslashes);
                }

                continue;
            }

            var c = arguments[i];
            if (c == '"')
            {
                // Inside quotes, "" is a literal quote and the quoted region goes on (CRT compatibility).
                if (inQuotes && i + 1 < arguments.Length && arguments[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else
                {
                    inQuotes = !inQuotes;
                }

                i++;
                continue;
            }

            if (c is ' ' or '\t' && !inQuotes)
                break;

            current.Append(c);
            i++;
        }

        return current.ToString();
    }
}
