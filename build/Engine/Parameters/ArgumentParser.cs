namespace RedoxBuild.Engine;

/// <summary>
/// Splits a command line Nuke's way: tokens before the first --option are positional (target names);
/// each --name owns the values up to the next --option; the last occurrence of a name wins.
/// A boolean switch (given in <c>flags</c>, normalized names) owns at most one value and only a boolean word,
/// so <c>./build.sh --plan Doctor</c> plans Doctor instead of reading "Doctor" as the switch's value.
/// </summary>
public sealed class ArgumentParser
{
    private static readonly string[] BooleanWords = ["true", "false", "on", "off", "yes", "no", "1", "0"];
    private readonly Dictionary<string, (string Spelled, List<string> Values)> _named = new(StringComparer.Ordinal);

    public ArgumentParser(IReadOnlyList<string> args, IReadOnlySet<string>? flags = null)
    {
        Raw = args;
        var positional = new List<string>();
        var afterSwitch = new List<(string, string)>();
        List<string>? current = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2 || arg.StartsWith('-') && arg.Length == 2 && char.IsLetter(arg[1]))
            {
                var spelled = arg.TrimStart('-');
                var eq = spelled.IndexOf('=');
                current = [];
                if (eq >= 0)
                {
                    current.Add(spelled[(eq + 1)..]);
                    spelled = spelled[..eq];
                }
                _named[Naming.Normalize(spelled)] = (arg.Contains('=') ? arg[..arg.IndexOf('=')] : arg, current);
            }
            else if (current is null) positional.Add(arg);
            else if (IsFlag(current) && (current.Count > 0 || !IsBooleanWord(arg)))
            {
                positional.Add(arg);
                afterSwitch.Add((_named.Values.First(v => ReferenceEquals(v.Values, current)).Spelled, arg));
            }
            else current.Add(arg);
        }
        Positional = positional;
        WordsAfterSwitches = afterSwitch;

        bool IsFlag(List<string> values) =>
            flags is not null && _named.Any(kv => ReferenceEquals(kv.Value.Values, values) && flags.Contains(kv.Key));
    }

    public IReadOnlyList<string> Raw { get; }

    public static bool IsBooleanWord(string word) => BooleanWords.Contains(word, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Words that followed a boolean switch but were not taken as its value (also in <see cref="Positional"/>), with the
    /// switch as spelled: a target named after the options, or a value the switch cannot take (--hugepages maybe).
    /// </summary>
    public IReadOnlyList<(string Switch, string Word)> WordsAfterSwitches { get; }

    /// <summary>Tokens before the first option: the invoked targets.</summary>
    public IReadOnlyList<string> Positional { get; }

    /// <summary>Every option as the user spelled it (for unknown-parameter errors).</summary>
    public IEnumerable<(string Normalized, string Spelled)> Options => _named.Select(kv => (kv.Key, kv.Value.Spelled));

    public bool Has(string name) => _named.ContainsKey(Naming.Normalize(name));

    /// <summary>The values after --name (empty for a bare switch), or null when the option is absent.</summary>
    public IReadOnlyList<string>? Get(string name) => _named.TryGetValue(Naming.Normalize(name), out var v) ? v.Values : null;
}
