using System.Text;
using System.Text.RegularExpressions;

namespace RedoxBuild.Image.RootTree;

/// <summary>
/// One <c>files</c> glob of an [[optional-packages]] entry, matched against stage-relative paths such as
/// "usr/lib/libLLVM.so": <c>*</c> and <c>?</c> stay inside one path segment, <c>**</c> spans segments, <c>[abc]</c>
/// is a character class. A glob that names a directory claims everything below it, as moving that directory out of
/// the stage does upstream. A leading '/' is ignored: stage paths are relative.
/// </summary>
public sealed record StageGlob
{
    private readonly Regex _regex;

    public StageGlob(string pattern)
    {
        Pattern = pattern;
        _regex = new Regex("^" + Translate(pattern.TrimStart('/')) + "$", RegexOptions.CultureInvariant);
    }

    public string Pattern { get; }

    /// <summary>True when the path or one of its ancestor directories matches.</summary>
    public bool Claims(string relativePath)
    {
        var path = relativePath.Trim('/');
        while (path.Length > 0)
        {
            if (_regex.IsMatch(path)) return true;
            var slash = path.LastIndexOf('/');
            path = slash < 0 ? "" : path[..slash];
        }
        return false;
    }

    private static string Translate(string glob)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" may also match no directory at all ("usr/**/x" matches "usr/x").
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*') regex.Append("[^/]*");
            else if (c == '?') regex.Append("[^/]");
            else if (c == '[' && glob.IndexOf(']', i + 1) is var close && close > i + 1)
            {
                var body = glob[(i + 1)..close];
                regex.Append('[').Append(body.StartsWith('!') ? "^" + Regex.Escape(body[1..]) : Regex.Escape(body)).Append(']');
                i = close;
            }
            else regex.Append(Regex.Escape(c.ToString()));
        }
        return regex.ToString();
    }
}
