using System.Text;
using RedoxBuild.Toml;

namespace RedoxBuild.Tests.Toml;

/// <summary>Shorthands for hand-written documents: UTF-8 bytes of a C# string, parsed or expected to fail.</summary>
internal static class Toml
{
    public const string File = "test.toml";

    public static TomlTable Parse(string text, string file = File) => TomlParser.Parse(Encoding.UTF8.GetBytes(text), file);

    public static TomlException Reject(string text, string file = File) => Reject(Encoding.UTF8.GetBytes(text), file);

    public static TomlException Reject(byte[] bytes, string file = File)
    {
        var parse = () => TomlParser.Parse(bytes, file);
        return parse.Should().Throw<TomlException>().Which;
    }

    public static TomlPosition At(int line, int column) => new(File, line, column);
}
