using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RedoxBuild.Cook.Keys;

/// <summary>One named input of a content key ("source" = "git:url@rev", "dep.relibc" = its key, ...).</summary>
public sealed record KeyInput(string Name, string Value);

/// <summary>
/// A recipe's content key: SHA-256 over a versioned, ordered, length-prefixed list of named inputs. The inputs are
/// kept (as the key's manifest) so a rebuild can say which input changed, the question every cache user asks.
/// </summary>
public sealed record ContentKey(string Hex, IReadOnlyList<KeyInput> Inputs)
{
    /// <summary>Bump to invalidate every key (a change in how keys are computed).</summary>
    public const string Schema = "redox-build-key-v1";

    public string Short => Hex[..12];

    public static ContentKey Compute(IEnumerable<KeyInput> inputs)
    {
        var list = inputs.ToList();
        var duplicate = list.GroupBy(i => i.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Key input '{duplicate.Key}' given twice.");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, Schema);
        foreach (var input in list)
        {
            Append(hash, input.Name);
            Append(hash, input.Value);
        }
        return new ContentKey(Convert.ToHexStringLower(hash.GetHashAndReset()), list);
    }

    /// <summary>The inputs that differ from a previous key's, as "name: old → new" lines (added and removed ones too).</summary>
    public IReadOnlyList<string> DescribeChangesFrom(ContentKey? previous)
    {
        if (previous is null) return ["no previous build"];
        var before = previous.Inputs.ToDictionary(i => i.Name, i => i.Value, StringComparer.Ordinal);
        var after = Inputs.ToDictionary(i => i.Name, i => i.Value, StringComparer.Ordinal);
        var changes = new List<string>();
        foreach (var (name, value) in after)
        {
            if (!before.TryGetValue(name, out var old)) changes.Add($"{name}: added ({Abbreviate(value)})");
            else if (old != value) changes.Add($"{name}: {Abbreviate(old)} -> {Abbreviate(value)}");
        }
        changes.AddRange(before.Keys.Where(n => !after.ContainsKey(n)).Select(n => $"{n}: removed"));
        return changes;
    }

    public string ToJson() => JsonSerializer.Serialize(new { key = Hex, schema = Schema, inputs = Inputs.Select(i => new { name = i.Name, value = i.Value }) },
        new JsonSerializerOptions { WriteIndented = true });

    public static ContentKey FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var inputs = doc.RootElement.GetProperty("inputs").EnumerateArray()
            .Select(e => new KeyInput(e.GetProperty("name").GetString()!, e.GetProperty("value").GetString()!)).ToList();
        return new ContentKey(doc.RootElement.GetProperty("key").GetString()!, inputs);
    }

    private static string Abbreviate(string value) => value.Length <= 48 ? value : value[..20] + "…" + value[^20..];

    // Length-prefixed, so ("ab","c") and ("a","bc") never hash alike.
    private static void Append(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
