using RedoxBuild.Toml;
using static RedoxBuild.Tests.Toml.Toml;

namespace RedoxBuild.Tests.Toml;

public sealed class TomlErrorTests
{
    [Fact]
    public void A_missing_equals_sign_names_the_key_file_line_and_column()
    {
        // Arrange: the key sits on line 12, its value starts at column 7 without an '='.
        var text = "[package]\nname = \"kernel\"\n\n[source]\n" + string.Concat(Enumerable.Repeat("# padding\n", 7)) + "git   \"https://gitlab.redox-os.org/redox-os/kernel.git\"\n";

        // Act
        var error = Reject(text, "recipes/core/kernel/recipe.toml");

        // Assert
        error.Message.Should().Be("recipes/core/kernel/recipe.toml:12:7: expected '=' after key 'git'");
        (error.File, error.Line, error.Column).Should().Be(("recipes/core/kernel/recipe.toml", 12, 7));
        error.Reason.Should().Be("expected '=' after key 'git'");
    }

    [Fact]
    public void A_duplicate_key_names_the_key_and_where_it_was_first_defined()
    {
        var error = Reject("name = \"a\"\nversion = 1\n  name = \"b\"\n");

        error.Message.Should().Be("test.toml:3:3: duplicate key 'name': already defined at test.toml:1:1");
    }

    [Fact]
    public void A_duplicate_dotted_key_is_shown_as_written()
    {
        var error = Reject("[build]\ntemplate.kind = \"cargo\"\ntemplate.kind = \"make\"\n");

        error.Message.Should().Be("test.toml:3:10: duplicate key 'template.kind': already defined at test.toml:2:10");
    }

    [Fact]
    public void A_table_header_written_twice_points_at_the_first_header()
    {
        var error = Reject("[source]\ngit = \"x\"\n\n[source]\n");

        error.Message.Should().Be("test.toml:4:2: table [source] is already defined at test.toml:1:1");
    }

    [Fact]
    public void Dotted_keys_cannot_add_to_a_table_defined_by_a_header()
    {
        var error = Reject("[a.b]\nx = 1\n[a]\nb.y = 2\n");

        error.Message.Should().Be(
            "test.toml:4:1: cannot add to table 'b' with dotted keys: it is defined by the header at test.toml:1:1; put the key under that header");
    }

    [Fact]
    public void An_inline_table_cannot_be_extended_by_a_later_header()
    {
        var error = Reject("source = { git = \"x\" }\n[source.extra]\n");

        error.Message.Should().Be(
            "test.toml:2:2: cannot add to 'source': it is an inline table (written at test.toml:1:10), complete as written");
    }

    [Fact]
    public void A_bare_key_must_be_ascii()
    {
        Reject("名前 = 1").Message.Should().Be("test.toml:1:1: expected a key, found '名' (U+540D)");
    }

    [Fact]
    public void Columns_count_characters_not_bytes()
    {
        // The quoted key and the value hold three characters of nine bytes; the stray x is the twelfth character.
        var error = Reject("\"名前\" = \"値\" x\n");

        error.Message.Should().Be("test.toml:1:12: expected a new line after the value, found 'x'");
    }

    [Fact]
    public void A_byte_order_mark_does_not_count_as_a_column()
    {
        var error = Reject("\uFEFFa = @\n");

        error.Message.Should().Be(
            "test.toml:1:5: expected a value (string, number, boolean, date-time, array or inline table), found '@'");
    }

    [Fact]
    public void Invalid_utf8_is_reported_at_the_offending_byte()
    {
        byte[] bytes = [.. "ok = 1\ns = \""u8, 0xC3, 0x28, .. "\"\n"u8];

        var error = Reject(bytes);

        error.Message.Should().Be("test.toml:2:6: invalid UTF-8 (byte 0xC3): TOML files must be encoded as UTF-8");
    }

    [Fact]
    public void A_bare_carriage_return_is_rejected_where_it_stands()
    {
        var error = Reject("a = 1\rb = 2\n");

        error.Message.Should().Be("test.toml:1:6: a carriage return must be followed by a line feed (a bare CR is not a line ending in TOML)");
    }

    [Fact]
    public void An_unclosed_array_is_reported_at_the_end_of_the_file()
    {
        var error = Reject("deps = [\n  \"a\",\n  \"b\"");

        error.Message.Should().Be("test.toml:3:6: expected ',' or ']' after an array element, found end of file");
    }

    [Fact]
    public void An_unterminated_multiline_string_says_where_it_was_opened()
    {
        var error = Reject("script = \"\"\"\nmake all\n");

        error.Message.Should().Be("test.toml:3:1: unterminated multi-line string opened at test.toml:1:10: expected closing \"\"\"");
    }

    [Fact]
    public void An_integer_beyond_64_bits_is_out_of_range()
    {
        Parse("n = -9223372036854775808").GetInteger("n").Should().Be(long.MinValue);

        var error = Reject("n = 9223372036854775808");

        error.Message.Should().Be("test.toml:1:5: invalid number '9223372036854775808': out of range for a 64-bit signed integer");
    }

    [Theory]
    [InlineData("s = \"\\e\"", "test.toml:1:6: invalid escape sequence '\\e'; TOML 1.0 allows \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX and \\UXXXXXXXX")]
    [InlineData("s = \"\\x41\"", "test.toml:1:6: invalid escape sequence '\\x'; TOML 1.0 allows \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX and \\UXXXXXXXX")]
    [InlineData("t = 07:32", "test.toml:1:5: invalid date-time '07:32': expected seconds: TOML 1.0 requires times written as HH:MM:SS")]
    [InlineData("t = { a = 1, }", "test.toml:1:14: a trailing comma is not allowed in an inline table (TOML 1.0)")]
    [InlineData("t = { a = 1,\n b = 2 }", "test.toml:1:13: an inline table must be written on one line (TOML 1.0 allows no newlines or comments between '{' and '}')")]
    public void Features_new_in_TOML_1_1_are_rejected_with_a_reason(string text, string message)
    {
        Reject(text).Message.Should().Be(message);
    }

    [Fact]
    public void Typed_reads_report_the_wrong_kind_at_the_value_and_a_missing_key_at_the_table()
    {
        var document = Parse("[source]\ngit = 42\n");
        var source = document.GetTable("source");

        var wrongKind = () => source.GetString("git");
        var missing = () => source.GetString("tar");

        wrongKind.Should().Throw<TomlException>().WithMessage("test.toml:2:7: expected 'git' to be a string, found an integer");
        missing.Should().Throw<TomlException>().WithMessage("test.toml:1:1: missing required key 'tar'");
    }
}
