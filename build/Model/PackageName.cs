using System.Diagnostics.CodeAnalysis;

namespace RedoxBuild.Model;

/// <summary>
/// A package as recipes and profiles name it: <c>recipe</c>, <c>recipe.sub</c> (an [[optional-packages]] entry of
/// the recipe) or <c>host:recipe</c> (built for the build machine, e.g. a tool other recipes run). Upstream also
/// accepts <c>target:recipe</c>, which is the plain name; it is read and printed as such.
/// </summary>
public readonly record struct PackageName : IComparable<PackageName>
{
    private const string HostPrefix = "host:";
    private const string TargetPrefix = "target:";

    public PackageName(string recipe, string? sub = null, bool host = false)
    {
        if (!IsValidPart(recipe) || (sub is not null && !IsValidPart(sub)))
            throw new ArgumentException($"'{recipe}{(sub is null ? "" : "." + sub)}' is not a valid package name", nameof(recipe));
        Recipe = recipe;
        Sub = sub;
        Host = host;
    }

    /// <summary>The recipe directory name that builds the package.</summary>
    public string Recipe { get; }

    /// <summary>The optional package's name after the dot, or null for the recipe's main package.</summary>
    public string? Sub { get; }

    /// <summary>Built for the build machine (goes into the toolchain of the recipes that need it).</summary>
    public bool Host { get; }

    /// <summary>The main package of the same recipe, built the same way (host or target).</summary>
    public PackageName Base => new(Recipe, null, Host);

    public PackageName AsHost() => new(Recipe, Sub, host: true);

    public static PackageName Parse(string text) =>
        TryParse(text, out var name, out var reason) ? name : throw new FormatException(reason);

    /// <summary>Upstream's rules: not empty, no '/' or NUL, at most one '.', and ':' only in a host: or target: prefix.</summary>
    public static bool TryParse(string text, out PackageName name, [NotNullWhen(false)] out string? reason)
    {
        name = default;
        var host = text.StartsWith(HostPrefix, StringComparison.Ordinal);
        var rest = host ? text[HostPrefix.Length..] : text.StartsWith(TargetPrefix, StringComparison.Ordinal) ? text[TargetPrefix.Length..] : text;
        var dot = rest.IndexOf('.');
        var recipe = dot < 0 ? rest : rest[..dot];
        var sub = dot < 0 ? null : rest[(dot + 1)..];
        reason = text.Length == 0 ? "a package name cannot be empty"
            : rest.Contains(':') ? $"\"{text}\" is not a package name: ':' may only end a host: prefix (e.g. host:redoxfs)"
            : sub is not null && sub.Contains('.') ? $"\"{text}\" is not a package name: use at most one '.', between a recipe and its optional package (e.g. llvm21.runtime)"
            : !IsValidPart(recipe) || (sub is not null && !IsValidPart(sub)) ? $"\"{text}\" is not a package name: expected recipe, recipe.optional or host:recipe without spaces, '/' or empty parts"
            : null;
        if (reason is not null) return false;
        name = new PackageName(recipe, sub, host);
        return true;
    }

    public int CompareTo(PackageName other) => string.CompareOrdinal(ToString(), other.ToString());

    public override string ToString() => (Host ? HostPrefix : "") + Recipe + (Sub is null ? "" : "." + Sub);

    private static bool IsValidPart(string? part) =>
        !string.IsNullOrEmpty(part) && !part.Any(c => c is '/' or '\\' or '\0' or ':' or '.' || char.IsWhiteSpace(c));
}
