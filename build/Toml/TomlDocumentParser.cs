namespace RedoxBuild.Toml;

/// <summary>
/// Builds the table tree from the lexer's tokens: the document loop, headers and key/value pairs. The rules about
/// what may be defined where live in <c>TomlDocumentParser.Rules.cs</c>, values in <c>TomlDocumentParser.Values.cs</c>.
/// </summary>
internal ref partial struct TomlDocumentParser
{
    // Deep enough for any real document, shallow enough that recursion (here and in callers walking the tree)
    // cannot overflow the stack: toml-test recommends 128 to 256.
    private const int MaxDepth = 128;

    private TomlLexer lexer;
    private readonly TomlTable root;
    private TomlTable current;
    // Headers and inline tables each open a new section; dotted keys may only extend tables of their own section.
    private int lastSection = 1;
    private int currentSection = 1;

    public TomlDocumentParser(ReadOnlySpan<byte> utf8, string fileName)
    {
        lexer = new TomlLexer(utf8, fileName);
        root = current = new TomlTable(new TomlPosition(fileName, 1, 1), depth: 0);
    }

    public TomlTable Parse()
    {
        while (true)
        {
            lexer.SkipSpaces();
            switch (lexer.Current)
            {
                case -1:
                    return root;
                case '[':
                    ReadHeader();
                    lexer.ExpectLineEnd("the table header");
                    break;
                case '#' or '\n' or '\r':
                    lexer.ExpectLineEnd("the comment");
                    break;
                default:
                    ReadKeyValue(current, currentSection);
                    lexer.ExpectLineEnd("the value");
                    break;
            }
        }
    }

    private void ReadHeader()
    {
        var headerPosition = lexer.Position;
        var arrayOfTables = lexer.Peek(1) == '[';
        lexer.Advance(arrayOfTables ? 2 : 1);
        lexer.SkipSpaces();
        lexer.ReadKey();
        if (lexer.Current != ']' || (arrayOfTables && lexer.Peek(1) != ']'))
            throw lexer.Error(arrayOfTables
                ? $"expected ']]' to close the array-of-tables header [[{lexer.KeyText()}]], found {lexer.Describe()}"
                : $"expected ']' to close the table header [{lexer.KeyText()}], found {lexer.Describe()}");
        lexer.Advance(arrayOfTables ? 2 : 1);

        currentSection = ++lastSection;
        var parent = root;
        var last = lexer.KeySegmentCount - 1;
        for (var i = 0; i < last; i++)
            parent = DescendForHeader(parent, i);
        current = arrayOfTables
            ? AppendArrayOfTablesElement(parent, last, headerPosition)
            : DefineTableByHeader(parent, last, headerPosition);
    }

    /// <summary>Reads <c>key = value</c> into <paramref name="table"/>, dotted keys creating tables on the way.</summary>
    private void ReadKeyValue(TomlTable table, int section)
    {
        lexer.ReadKey();
        if (lexer.Current != '=')
            throw lexer.Error($"expected '=' after key {lexer.KeyName()}");
        var parent = table;
        var last = lexer.KeySegmentCount - 1;
        for (var i = 0; i < last; i++)
            parent = DescendForDottedKey(parent, i, section);

        var existing = parent.IndexOf(lexer.KeySpan(last));
        if (existing >= 0)
            throw new TomlException(lexer.KeyPosition(last),
                $"duplicate key {lexer.KeyName()}: already defined at {parent.EntryAt(existing).KeyPosition}");
        var key = lexer.KeyString(last);
        var keyPosition = lexer.KeyPosition(last);
        lexer.Advance();
        lexer.SkipSpaces();
        parent.Add(key, keyPosition, ReadValue(parent.Depth + 1));
    }
}
