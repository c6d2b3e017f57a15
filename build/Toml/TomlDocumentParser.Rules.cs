namespace RedoxBuild.Toml;

/// <summary>
/// TOML's rules on defining tables, applied while walking a key path:
/// a table is defined once, by a header or by dotted keys (and then only within one section); headers may pass
/// through any table except an inline one; inline tables and arrays written as values are complete as written;
/// <c>[[x]]</c> appends to an array of tables and a header passing through it means its last element.
/// </summary>
internal ref partial struct TomlDocumentParser
{
    private TomlTable DescendForHeader(TomlTable parent, int segment)
    {
        var at = parent.IndexOf(lexer.KeySpan(segment));
        if (at < 0) return AddTable(parent, segment, lexer.KeyPosition(segment));
        var entry = parent.EntryAt(at);
        return entry.Value switch
        {
            TomlTable { IsInline: true } inline => throw KeyError(segment,
                $"cannot add to {lexer.KeyName(segment + 1)}: it is an inline table (written at {inline.Position}), complete as written"),
            TomlTable table => table,
            TomlArray { IsArrayOfTables: true } array => (TomlTable)array.Last,
            TomlArray array => throw KeyError(segment,
                $"cannot add to {lexer.KeyName(segment + 1)}: it is an array written as a value at {array.Position}"),
            var value => throw KeyError(segment,
                $"cannot add to {lexer.KeyName(segment + 1)}: it is already {TomlTypeNames.WithArticle(value)} (defined at {entry.KeyPosition})"),
        };
    }

    private TomlTable DescendForDottedKey(TomlTable parent, int segment, int section)
    {
        var at = parent.IndexOf(lexer.KeySpan(segment));
        if (at < 0)
        {
            var created = AddTable(parent, segment, lexer.KeyPosition(segment));
            created.DottedSection = section;
            return created;
        }
        var entry = parent.EntryAt(at);
        var path = lexer.KeyName(segment + 1);
        switch (entry.Value)
        {
            case TomlTable { IsInline: true } inline:
                throw KeyError(segment, $"cannot add to {path}: it is an inline table (written at {inline.Position}), complete as written");
            case TomlTable { DefinedByHeader: true } table:
                throw KeyError(segment, $"cannot add to table {path} with dotted keys: it is defined by the header at {table.Position}; put the key under that header");
            case TomlTable table when table.DottedSection != 0 && table.DottedSection != section:
                throw KeyError(segment, $"cannot add to table {path} here: it was defined with dotted keys at {table.Position}");
            case TomlTable table:
                table.DottedSection = section;
                return table;
            case TomlArray array:
                throw KeyError(segment, $"cannot add to {path} with dotted keys: it is an array (defined at {array.Position})");
            default:
                throw KeyError(segment, $"cannot add to {path}: it is already {TomlTypeNames.WithArticle(entry.Value)} (defined at {entry.KeyPosition})");
        }
    }

    private TomlTable DefineTableByHeader(TomlTable parent, int segment, TomlPosition header)
    {
        var at = parent.IndexOf(lexer.KeySpan(segment));
        if (at < 0)
        {
            var created = AddTable(parent, segment, header);
            created.MarkDefinedByHeader(header);
            return created;
        }
        var entry = parent.EntryAt(at);
        var name = lexer.KeyText(segment + 1);
        switch (entry.Value)
        {
            case TomlTable { IsInline: true } inline:
                throw KeyError(segment, $"table [{name}] is already defined as an inline table at {inline.Position}");
            case TomlTable { DefinedByHeader: true } table:
                throw KeyError(segment, $"table [{name}] is already defined at {table.Position}");
            case TomlTable { DottedSection: not 0 } table:
                throw KeyError(segment, $"table [{name}] is already defined with dotted keys at {table.Position}");
            case TomlTable table:
                table.MarkDefinedByHeader(header);
                return table;
            case TomlArray { IsArrayOfTables: true } array:
                throw KeyError(segment, $"[{name}] is already an array of tables (first defined at {array.Position}); use [[{name}]] to add an element");
            default:
                throw KeyError(segment, $"cannot define table [{name}]: {lexer.KeyName(segment + 1)} is already {TomlTypeNames.WithArticle(entry.Value)} (defined at {entry.KeyPosition})");
        }
    }

    private TomlTable AppendArrayOfTablesElement(TomlTable parent, int segment, TomlPosition header)
    {
        var at = parent.IndexOf(lexer.KeySpan(segment));
        TomlArray array;
        if (at < 0)
        {
            CheckDepth(parent.Depth + 1, lexer.KeyPosition(segment));
            array = new TomlArray(header, parent.Depth + 1, isArrayOfTables: true);
            parent.Add(lexer.KeyString(segment), lexer.KeyPosition(segment), array);
        }
        else
        {
            var entry = parent.EntryAt(at);
            var name = lexer.KeyText(segment + 1);
            array = entry.Value switch
            {
                TomlArray { IsArrayOfTables: true } existing => existing,
                TomlArray written => throw KeyError(segment,
                    $"cannot append to {lexer.KeyName(segment + 1)} with [[{name}]]: it is an array written as a value at {written.Position}"),
                var value => throw KeyError(segment,
                    $"[[{name}]] cannot make {lexer.KeyName(segment + 1)} an array of tables: it is already {TomlTypeNames.WithArticle(value)} (defined at {entry.KeyPosition})"),
            };
        }
        CheckDepth(array.Depth + 1, header);
        var element = new TomlTable(header, array.Depth + 1);
        element.MarkDefinedByHeader(header);
        array.Add(element);
        return element;
    }

    private TomlTable AddTable(TomlTable parent, int segment, TomlPosition position)
    {
        CheckDepth(parent.Depth + 1, lexer.KeyPosition(segment));
        var table = new TomlTable(position, parent.Depth + 1);
        parent.Add(lexer.KeyString(segment), lexer.KeyPosition(segment), table);
        return table;
    }

    private readonly TomlException KeyError(int segment, string reason) => new(lexer.KeyPosition(segment), reason);
}
