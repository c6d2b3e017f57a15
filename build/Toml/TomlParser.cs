using System.Text;
using System.Text.Unicode;

namespace RedoxBuild.Toml;

/// <summary>
/// Parses TOML 1.0.0 from UTF-8 bytes. Bytes, not text: a byte-order mark, CR bytes and invalid UTF-8 must be seen
/// as they are to be accepted or rejected as the specification says.
/// </summary>
public static class TomlParser
{
    /// <summary>
    /// Parses a whole document. <paramref name="fileName"/> is only used in positions and messages.
    /// Throws <see cref="TomlException"/> (with file, line and column) for anything that is not valid TOML 1.0.
    /// </summary>
    public static TomlTable Parse(ReadOnlySpan<byte> utf8, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (!Utf8.IsValid(utf8))
            throw InvalidUtf8(utf8, fileName);
        return new TomlDocumentParser(utf8, fileName).Parse();
    }

    /// <summary>Reads and parses a file; positions name it as <paramref name="path"/> was written.</summary>
    public static TomlTable ParseFile(string path) => Parse(File.ReadAllBytes(path), path);

    private static TomlException InvalidUtf8(ReadOnlySpan<byte> utf8, string fileName)
    {
        var offset = 0;
        while (Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
            offset += consumed;
        var lineStart = utf8[..offset].LastIndexOf((byte)'\n') + 1;
        var line = utf8[..lineStart].Count((byte)'\n') + 1;
        var column = 1;
        foreach (var b in utf8[lineStart..offset])
            if ((b & 0xC0) != 0x80) column++;
        return new TomlException(new TomlPosition(fileName, line, column),
            $"invalid UTF-8 (byte 0x{utf8[offset]:X2}): TOML files must be encoded as UTF-8");
    }
}
