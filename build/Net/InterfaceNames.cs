namespace RedoxBuild.Net;

/// <summary>Linux network interface names, as the kernel accepts them (a bad one fails late, as root, or as shell syntax).</summary>
public static class InterfaceNames
{
    /// <summary>What a name may be, for messages.</summary>
    public const string Rule = "1 to 15 characters, without spaces, '/', ',', ';' or ':'";

    /// <summary>At most 15 bytes (IFNAMSIZ - 1), and none of the characters the kernel, ip or iptables treat specially.</summary>
    public static bool IsValid(string name) =>
        name.Length is >= 1 and <= 15 && name is not ("." or "..") && !name.Any(c => c is '/' or ',' or ';' or ':' || char.IsWhiteSpace(c) || char.IsControl(c));
}
