using System.Globalization;
using System.Text.Json;

namespace RedoxBuild.Tests.Toml;

/// <summary>
/// Compares tagged JSON the way toml-test's own runner does (json.go, CompareJSON): strings, integers and booleans
/// as text, floats as numbers (any nan equals any nan), date-times by value after reading 't', 'z' and a space
/// separator as 'T', 'Z' and 'T'. Returns a description of the first difference, or null when equal.
/// </summary>
internal static class TaggedJsonComparer
{
    public static string? Compare(JsonElement want, JsonElement have, string key = "")
    {
        switch (want.ValueKind)
        {
            case JsonValueKind.Object:
                if (have.ValueKind != JsonValueKind.Object) return $"'{key}': expected a table or value, found {have.ValueKind}";
                if (IsValue(want) != IsValue(have))
                    return $"'{key}': expected {(IsValue(want) ? "a value" : "a table")}, found {(IsValue(have) ? "a value" : "a table")}";
                return IsValue(want) ? CompareValues(want, have, key) : CompareTables(want, have, key);
            case JsonValueKind.Array:
                if (have.ValueKind != JsonValueKind.Array) return $"'{key}': expected an array, found {have.ValueKind}";
                if (want.GetArrayLength() != have.GetArrayLength())
                    return $"'{key}': expected {want.GetArrayLength()} elements, found {have.GetArrayLength()}";
                return want.EnumerateArray().Zip(have.EnumerateArray())
                    .Select(pair => Compare(pair.First, pair.Second, key))
                    .FirstOrDefault(failure => failure is not null);
            default:
                return $"'{key}': the expected output holds {want.ValueKind}, which tagged JSON never does";
        }
    }

    private static string? CompareTables(JsonElement want, JsonElement have, string key)
    {
        var wantKeys = want.EnumerateObject().Select(p => p.Name).ToHashSet();
        var haveKeys = have.EnumerateObject().Select(p => p.Name).ToHashSet();
        var missing = wantKeys.Except(haveKeys).FirstOrDefault();
        if (missing is not null) return $"'{Join(key, missing)}' is missing from the parser output";
        var extra = haveKeys.Except(wantKeys).FirstOrDefault();
        if (extra is not null) return $"'{Join(key, extra)}' is in the parser output but not expected";
        return want.EnumerateObject()
            .Select(p => Compare(p.Value, have.GetProperty(p.Name), Join(key, p.Name)))
            .FirstOrDefault(failure => failure is not null);
    }

    private static string? CompareValues(JsonElement want, JsonElement have, string key)
    {
        var wantType = want.GetProperty("type").GetString();
        var haveType = have.GetProperty("type").GetString();
        if (wantType != haveType) return $"'{key}': expected type {wantType}, found {haveType}";
        var wantValue = want.GetProperty("value").GetString()!;
        var haveValue = have.GetProperty("value").GetString()!;
        var equal = wantType switch
        {
            "float" => FloatsEqual(wantValue, haveValue),
            "datetime" => Parse(wantValue, DateTimeOffset.Parse) == Parse(haveValue, DateTimeOffset.Parse),
            "datetime-local" => Parse(wantValue, DateTime.Parse) == Parse(haveValue, DateTime.Parse),
            "date-local" => Parse(wantValue, DateOnly.Parse) == Parse(haveValue, DateOnly.Parse),
            "time-local" => Parse(wantValue, TimeOnly.Parse) == Parse(haveValue, TimeOnly.Parse),
            "bool" => string.Equals(wantValue, haveValue, StringComparison.OrdinalIgnoreCase),
            _ => wantValue == haveValue,
        };
        return equal ? null : $"'{key}': expected {wantType} {wantValue}, found {haveValue}";
    }

    private static bool FloatsEqual(string want, string have)
    {
        want = want.ToLowerInvariant();
        have = have.ToLowerInvariant();
        if (want.EndsWith("nan") || have.EndsWith("nan"))
            return want.TrimStart('+', '-') == have.TrimStart('+', '-');
        return ParseFloat(want) == ParseFloat(have);
    }

    private static double ParseFloat(string text) => text.TrimStart('+') switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        var plain => double.Parse(plain, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static T Parse<T>(string text, Func<string, IFormatProvider, T> parse)
    {
        var normalized = text.Replace(' ', 'T').Replace('t', 'T').Replace('z', 'Z');
        return parse(normalized, CultureInfo.InvariantCulture);
    }

    private static bool IsValue(JsonElement element) =>
        element.EnumerateObject().Count() == 2
        && element.TryGetProperty("type", out _)
        && element.TryGetProperty("value", out _);

    private static string Join(string key, string name) => key.Length == 0 ? name : $"{key}.{name}";
}
