using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace RedoxBuild.Toml;

/// <summary>A key of a table with where the key (not its value) was written.</summary>
public readonly record struct TomlEntry(string Key, TomlPosition KeyPosition, TomlNode Value);

/// <summary>
/// A TOML table: keys in the order the document wrote them. Read-only once parsed; the parser fills it through
/// internal members and tracks how it was defined, which TOML's redefinition rules depend on.
/// </summary>
public sealed partial record TomlTable : TomlNode, IReadOnlyCollection<TomlEntry>
{
    // Most tables are small: a linear scan beats hashing until a handful of keys, then an index takes over.
    private const int IndexThreshold = 8;

    private readonly List<TomlEntry> entries = [];
    private Dictionary<string, int>? index;

    internal TomlTable(TomlPosition position, int depth)
        : base(position) => Depth = depth;

    public override string TypeName => "table";

    public int Count => entries.Count;

    public IReadOnlyList<TomlEntry> Entries => entries;

    public IEnumerable<string> Keys => entries.Select(entry => entry.Key);

    /// <summary>The value under <paramref name="key"/>; <see cref="KeyNotFoundException"/> when absent.</summary>
    public TomlNode this[string key] => TryGet(key, out var value)
        ? value
        : throw new KeyNotFoundException($"{Position}: the table has no key '{key}'");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGet(string key, [NotNullWhen(true)] out TomlNode? value)
    {
        var at = IndexOf(key);
        value = at >= 0 ? entries[at].Value : null;
        return value is not null;
    }

    public bool TryGetEntry(string key, out TomlEntry entry)
    {
        var at = IndexOf(key);
        entry = at >= 0 ? entries[at] : default;
        return at >= 0;
    }

    public List<TomlEntry>.Enumerator GetEnumerator() => entries.GetEnumerator();

    IEnumerator<TomlEntry> IEnumerable<TomlEntry>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(TomlTable? other) =>
        ReferenceEquals(this, other)
        || (other is not null && Position == other.Position && entries.SequenceEqual(other.entries));

    public override int GetHashCode() => HashCode.Combine(Position, entries.Count);

    internal int Depth { get; }

    /// <summary>Named by a <c>[header]</c> (or is an element made by <c>[[header]]</c>).</summary>
    internal bool DefinedByHeader { get; private set; }

    /// <summary>Number of the section whose dotted keys created or extended this table; 0 when none did.</summary>
    internal int DottedSection { get; set; }

    /// <summary>Written as <c>{ ... }</c>: complete as written, nothing may add to it (its dotted sub-tables are reachable only through it).</summary>
    internal bool IsInline { get; set; }

    internal void MarkDefinedByHeader(TomlPosition header)
    {
        DefinedByHeader = true;
        Position = header;
    }

    internal TomlEntry EntryAt(int at) => entries[at];

    internal int IndexOf(ReadOnlySpan<char> key)
    {
        if (index is not null)
            return index.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var found) ? found : -1;
        for (var i = 0; i < entries.Count; i++)
            if (key.SequenceEqual(entries[i].Key))
                return i;
        return -1;
    }

    /// <summary>Appends a key the caller has checked is new.</summary>
    internal void Add(string key, TomlPosition keyPosition, TomlNode value)
    {
        entries.Add(new TomlEntry(key, keyPosition, value));
        if (index is not null)
            index.Add(key, entries.Count - 1);
        else if (entries.Count > IndexThreshold)
        {
            index = new Dictionary<string, int>(entries.Count * 2);
            for (var i = 0; i < entries.Count; i++)
                index.Add(entries[i].Key, i);
        }
    }
}
