using System.Text.Json;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Hashing;

/// <summary>The official BLAKE3 test_vectors.json from the shared reference folder.</summary>
internal sealed record Blake3Vector(int InputLength, string Hash, string KeyedHash, string DeriveKey);

/// <summary>Read on each use (32 KB): cheaper than reasoning about a shared cache across parallel test classes.</summary>
internal static class Blake3TestVectors
{
    public static string Key => Load().Key;
    public static string Context => Load().Context;
    public static IReadOnlyList<Blake3Vector> Cases => Load().Cases;

    public static Blake3Vector Case(int inputLength) => Cases.Single(c => c.InputLength == inputLength);

    /// <summary>The input of every case: the 251-byte sequence 0, 1, ..., 250 repeated.</summary>
    public static byte[] Input(int length)
    {
        var input = new byte[length];
        for (var i = 0; i < length; i++) input[i] = (byte)(i % 251);
        return input;
    }

    private static (string Key, string Context, IReadOnlyList<Blake3Vector> Cases) Load()
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(RepoPaths.RequireShared("blake3/test_vectors.json")));
        var root = document.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray()
            .Select(c => new Blake3Vector(
                c.GetProperty("input_len").GetInt32(),
                c.GetProperty("hash").GetString()!,
                c.GetProperty("keyed_hash").GetString()!,
                c.GetProperty("derive_key").GetString()!))
            .ToList();
        return (root.GetProperty("key").GetString()!, root.GetProperty("context_string").GetString()!, cases);
    }
}
