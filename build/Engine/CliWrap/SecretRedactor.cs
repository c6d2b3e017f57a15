using System.Collections.Immutable;
using System.Text;

namespace RedoxBuild.CliWrap;

/// <summary>
/// Keeps secrets (tokens, passwords) out of every string the process runner produces: display command lines,
/// environment descriptions and exception messages. One instance is shared by everything that describes commands
/// of one build; registering a secret later also protects commands created earlier.
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Placeholder = "[REDACTED]";

    /// <summary>
    /// Shorter values are ignored by <see cref="Register"/>: redacting "1" or "on" would shred every message
    /// while protecting nothing worth protecting.
    /// </summary>
    public const int MinimumSecretLength = 4;

    private readonly object _gate = new();

    // Copy-on-write snapshot, longest first, so Redact never takes the lock.
    private ImmutableArray<string> _secrets = [];

    /// <summary>How many distinct secrets are registered.</summary>
    public int Count => _secrets.Length;

    /// <summary>Registers a secret; null, empty and values shorter than <see cref="MinimumSecretLength"/> are ignored.</summary>
    public void Register(string? secret)
    {
        if (secret is null || secret.Length < MinimumSecretLength)
            return;
        lock (_gate)
        {
            if (_secrets.Contains(secret, StringComparer.Ordinal))
                return;
            _secrets = [.. _secrets.Append(secret).OrderByDescending(s => s.Length).ThenBy(s => s, StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Replaces every occurrence of every registered secret with <see cref="Placeholder"/>. Occurrences that overlap
    /// or touch are replaced as one run, so no character of any secret survives, whatever the registration order.
    /// </summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var secrets = _secrets;
        if (secrets.IsEmpty || text.Length == 0)
            return text;

        bool[]? covered = null;
        foreach (var secret in secrets)
        {
            for (var at = text.IndexOf(secret, StringComparison.Ordinal); at >= 0;
                 at = text.IndexOf(secret, at + 1, StringComparison.Ordinal))
            {
                covered ??= new bool[text.Length];
                Array.Fill(covered, true, at, secret.Length);
            }
        }

        if (covered is null)
            return text;

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (!covered[i])
                result.Append(text[i]);
            else if (i == 0 || !covered[i - 1])
                result.Append(Placeholder);
        }

        return result.ToString();
    }
}
