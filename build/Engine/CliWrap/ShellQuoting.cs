namespace RedoxBuild.CliWrap;

/// <summary>POSIX shell quoting, so a displayed command line can be pasted into sh/bash and run as is.</summary>
public static class ShellQuoting
{
    /// <summary>
    /// Leaves words made only of characters no POSIX shell treats specially as they are; everything else goes in
    /// single quotes, where nothing is special except the quote itself (written as '\'').
    /// </summary>
    public static string Quote(string word)
    {
        if (word.Length != 0 && word.All(IsPlain))
            return word;
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static bool IsPlain(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or '_' or '-' or '.' or '/' or ',' or ':' or '@' or '%' or '+' or '=';
}
