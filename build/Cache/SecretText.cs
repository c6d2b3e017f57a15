namespace RedoxBuild.Cache;

/// <summary>
/// A credential that must not end up in logs: records print "***" for it, and only the code that sends it to a
/// server calls <see cref="Reveal"/>.
/// </summary>
public sealed class SecretText(string value)
{
    public string Reveal() => value;

    public override string ToString() => "***";

    public static SecretText? From(string? value) => string.IsNullOrEmpty(value) ? null : new SecretText(value);
}
