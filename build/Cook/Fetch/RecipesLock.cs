using RedoxBuild.Toml;

namespace RedoxBuild.Cook.Fetch;

/// <summary>
/// What a floating recipe source resolved to: a branch's commit, or an archive's hashes recorded on first download
/// (trust on first use). Each entry remembers the source it was resolved from, so editing the recipe re-resolves.
/// </summary>
public sealed record LockEntry(string Source, string? Branch = null, string? Rev = null, string? Blake3 = null, string? Sha256 = null);

/// <summary>
/// recipes.lock at the repository root: later builds honour it, so a recipe with only a branch (or an archive without
/// a checksum) builds the same source everywhere until someone updates the lock on purpose. Written sorted, atomically.
/// </summary>
public sealed class RecipesLock
{
    public const string FileName = "recipes.lock";
    private readonly SortedDictionary<string, LockEntry> _entries;
    private readonly Lock _lock = new();

    private RecipesLock(string path, SortedDictionary<string, LockEntry> entries)
    {
        Path = path;
        _entries = entries;
    }

    public string Path { get; }

    public static RecipesLock Load(string path)
    {
        var entries = new SortedDictionary<string, LockEntry>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            var root = TomlParser.ParseFile(path);
            if (root.TryGetTable("recipes", out var recipes))
                foreach (var entry in recipes.Entries)
                {
                    var t = (TomlTable)entry.Value;
                    entries[entry.Key] = new LockEntry(t.GetString("source"), Text(t, "branch"), Text(t, "rev"), Text(t, "blake3"), Text(t, "sha256"));
                }
        }
        return new RecipesLock(path, entries);
    }

    /// <summary>The entry for a recipe, if it was resolved from the same source the recipe names now.</summary>
    public LockEntry? Find(string recipe, string source)
    {
        lock (_lock) return _entries.TryGetValue(recipe, out var entry) && entry.Source == source ? entry : null;
    }

    /// <summary>Records an entry and writes the file (temp file + rename: a crash never leaves half a lock).</summary>
    public void Record(string recipe, LockEntry entry)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(recipe, out var existing) && existing == entry) return;
            _entries[recipe] = entry;
            var temp = Path + ".tmp";
            File.WriteAllText(temp, Render());
            File.Move(temp, Path, overwrite: true);
        }
    }

    private string Render()
    {
        var writer = new TomlWriter()
            .Comment("What floating recipe sources resolved to: branch commits, and archive checksums recorded on first download.")
            .Comment("Written by ./build.sh Fetch/Cook and honoured by later builds; commit it. Delete an entry to move that recipe forward.");
        foreach (var (name, entry) in _entries)
        {
            writer.BlankLine().Table("recipes", name).Value("source", entry.Source);
            if (entry.Branch is not null) writer.Value("branch", entry.Branch);
            if (entry.Rev is not null) writer.Value("rev", entry.Rev);
            if (entry.Blake3 is not null) writer.Value("blake3", entry.Blake3);
            if (entry.Sha256 is not null) writer.Value("sha256", entry.Sha256);
        }
        return writer.ToString();
    }

    private static string? Text(TomlTable table, string key) => table.TryGetString(key, out var value) ? value : null;
}
