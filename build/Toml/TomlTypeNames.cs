namespace RedoxBuild.Toml;

/// <summary>Names of TOML value kinds for messages such as "expected a string, found an integer".</summary>
internal static class TomlTypeNames
{
    public static string Of<T>() where T : TomlNode => typeof(T) switch
    {
        var t when t == typeof(TomlString) => "string",
        var t when t == typeof(TomlInteger) => "integer",
        var t when t == typeof(TomlFloat) => "float",
        var t when t == typeof(TomlBoolean) => "boolean",
        var t when t == typeof(TomlOffsetDateTime) => "offset date-time",
        var t when t == typeof(TomlLocalDateTime) => "local date-time",
        var t when t == typeof(TomlLocalDate) => "local date",
        var t when t == typeof(TomlLocalTime) => "local time",
        var t when t == typeof(TomlArray) => "array",
        var t when t == typeof(TomlTable) => "table",
        _ => "value",
    };

    public static string WithArticle<T>() where T : TomlNode => WithArticle(Of<T>());

    public static string WithArticle(TomlNode node) => WithArticle(node.TypeName);

    private static string WithArticle(string name) => ("aeiou".Contains(name[0]) ? "an " : "a ") + name;
}
