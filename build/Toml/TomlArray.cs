using System.Collections;

namespace RedoxBuild.Toml;

/// <summary>
/// A TOML array: either a value written as <c>[ ... ]</c> (elements of any types, as TOML 1.0 allows) or the
/// tables made by repeated <c>[[header]]</c> sections (<see cref="IsArrayOfTables"/>).
/// </summary>
public sealed record TomlArray : TomlNode, IReadOnlyList<TomlNode>
{
    private readonly List<TomlNode> items = [];

    internal TomlArray(TomlPosition position, int depth, bool isArrayOfTables)
        : base(position)
    {
        Depth = depth;
        IsArrayOfTables = isArrayOfTables;
    }

    public override string TypeName => "array";

    /// <summary>Made by <c>[[header]]</c> sections rather than written as a value.</summary>
    public bool IsArrayOfTables { get; }

    public int Count => items.Count;

    public TomlNode this[int index] => items[index];

    public List<TomlNode>.Enumerator GetEnumerator() => items.GetEnumerator();

    IEnumerator<TomlNode> IEnumerable<TomlNode>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Every element as a string; a <see cref="TomlException"/> at the first element that is not.</summary>
    public IReadOnlyList<string> GetStrings() => Elements<TomlString>().Select(node => node.Value).ToArray();

    /// <summary>Every element as a table; a <see cref="TomlException"/> at the first element that is not.</summary>
    public IReadOnlyList<TomlTable> GetTables() => Elements<TomlTable>();

    /// <summary>Every element as <typeparamref name="T"/>; a <see cref="TomlException"/> at the first that is not.</summary>
    public IReadOnlyList<T> Elements<T>() where T : TomlNode
    {
        var typed = new T[items.Count];
        for (var i = 0; i < items.Count; i++)
            typed[i] = items[i] as T ?? throw new TomlException(items[i].Position,
                $"expected every element of this array to be {TomlTypeNames.WithArticle<T>()}, found {TomlTypeNames.WithArticle(items[i])}");
        return typed;
    }

    public bool Equals(TomlArray? other) =>
        ReferenceEquals(this, other)
        || (other is not null && Position == other.Position && IsArrayOfTables == other.IsArrayOfTables
            && items.SequenceEqual(other.items));

    public override int GetHashCode() => HashCode.Combine(Position, items.Count);

    internal int Depth { get; }

    internal void Add(TomlNode item) => items.Add(item);

    internal TomlNode Last => items[^1];
}
