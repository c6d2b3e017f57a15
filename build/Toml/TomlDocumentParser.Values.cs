namespace RedoxBuild.Toml;

/// <summary>Values: scalars come from the lexer, arrays and inline tables recurse (bounded by MaxDepth).</summary>
internal ref partial struct TomlDocumentParser
{
    private TomlNode ReadValue(int depth)
    {
        var at = lexer.Position;
        switch (lexer.Current)
        {
            case '"' or '\'':
                return new TomlString(lexer.ReadString(at), at);
            case 't' or 'f':
                return lexer.ReadBoolean(at);
            case '[':
                return ReadArray(at, depth);
            case '{':
                return ReadInlineTable(at, depth);
            case (>= '0' and <= '9') or '+' or '-' or 'i' or 'n':
                return lexer.ReadNumberOrDateTime(at);
            default:
                throw lexer.Error($"expected a value (string, number, boolean, date-time, array or inline table), found {lexer.Describe()}");
        }
    }

    private TomlArray ReadArray(TomlPosition at, int depth)
    {
        CheckDepth(depth, at);
        var array = new TomlArray(at, depth, isArrayOfTables: false);
        lexer.Advance();
        while (true)
        {
            lexer.SkipTrivia();
            if (lexer.Current == ']') break;
            array.Add(ReadValue(depth + 1));
            lexer.SkipTrivia();
            if (lexer.Current == ']') break;
            if (lexer.Current != ',')
                throw lexer.Error($"expected ',' or ']' after an array element, found {lexer.Describe()}");
            lexer.Advance();
        }
        lexer.Advance();
        return array;
    }

    private TomlTable ReadInlineTable(TomlPosition at, int depth)
    {
        CheckDepth(depth, at);
        var table = new TomlTable(at, depth);
        var section = ++lastSection;
        lexer.Advance();
        lexer.SkipSpaces();
        if (lexer.Current == '}')
        {
            lexer.Advance();
            return Seal(table);
        }
        while (true)
        {
            lexer.SkipSpaces();
            RejectNewlineInInlineTable();
            if (lexer.Current == '}')
                throw lexer.Error("a trailing comma is not allowed in an inline table (TOML 1.0)");
            ReadKeyValue(table, section);
            lexer.SkipSpaces();
            RejectNewlineInInlineTable();
            if (lexer.Current == '}')
            {
                lexer.Advance();
                return Seal(table);
            }
            if (lexer.Current != ',')
                throw lexer.Error($"expected ',' or '}}' after a value in an inline table, found {lexer.Describe()}");
            lexer.Advance();
        }
    }

    // Sealed only once complete: while it is being written, its own dotted keys may still add sub-tables.
    private static TomlTable Seal(TomlTable table)
    {
        table.IsInline = true;
        return table;
    }

    private void RejectNewlineInInlineTable()
    {
        if (lexer.Current is '\n' or '\r' or '#')
            throw lexer.Error("an inline table must be written on one line (TOML 1.0 allows no newlines or comments between '{' and '}')");
    }

    private static void CheckDepth(int depth, TomlPosition at)
    {
        if (depth > MaxDepth)
            throw new TomlException(at, $"tables and arrays nest more than {MaxDepth} levels deep");
    }
}
