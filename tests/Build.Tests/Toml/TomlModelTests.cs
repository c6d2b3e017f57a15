using RedoxBuild.Toml;
using static RedoxBuild.Tests.Toml.Toml;

namespace RedoxBuild.Tests.Toml;

public sealed class TomlModelTests
{
    [Fact]
    public void Keys_keep_the_order_of_the_document_also_past_the_lookup_index_threshold()
    {
        // Arrange: more keys than the linear-scan threshold, in an order that is neither sorted nor hashed.
        var names = Enumerable.Range(0, 40).Select(i => $"k{(i * 17) % 40}").ToList();
        var text = string.Join("\n", names.Select((name, i) => $"{name} = {i}"));

        // Act
        var document = Parse(text);

        // Assert
        document.Keys.Should().Equal(names);
        document.Entries.Select(entry => entry.Key).Should().Equal(names);
        document.Count.Should().Be(40);
        names.Select(name => document.GetInteger(name)).Should().Equal(Enumerable.Range(0, 40).Select(i => (long)i));
        document.ContainsKey("k40").Should().BeFalse();
    }

    [Fact]
    public void Tables_made_by_headers_and_dotted_keys_appear_where_first_named()
    {
        var document = Parse("z = 1\n[b.c]\n[a]\n[b]\ny.x = 2\nw = 3\n");

        document.Keys.Should().Equal("z", "b", "a");
        document.GetTable("b").Keys.Should().Equal("c", "y", "w");
    }

    [Fact]
    public void The_indexer_and_TryGet_find_values_and_report_absent_keys()
    {
        var document = Parse("a = true");

        document["a"].Should().Be(new TomlBoolean(true, At(1, 5)));
        document.TryGet("b", out _).Should().BeFalse();
        var read = () => document["b"];
        read.Should().Throw<KeyNotFoundException>().WithMessage("test.toml:1:1: the table has no key 'b'");
    }

    [Fact]
    public void Every_kind_of_value_becomes_its_node()
    {
        var document = Parse("""
            s = 'lit'
            i = 0xff
            f = -1_0.5e-1
            b = false
            odt = 1979-05-27T07:32:00.999999999-07:00
            ldt = 1979-05-27 07:32:00
            ld = 1979-05-27
            lt = 00:32:00.1234567891
            arr = [1, 'two', [3.0], { four = 4 }]
            """);

        document.GetString("s").Should().Be("lit");
        document.GetInteger("i").Should().Be(255);
        document.GetFloat("f").Should().Be(-1.05);
        document.GetBoolean("b").Should().BeFalse();
        var offset = document.Get<TomlOffsetDateTime>("odt");
        offset.Value.Should().Be(new DateTimeOffset(1979, 5, 27, 7, 32, 0, TimeSpan.FromHours(-7)).AddTicks(9_999_999));
        offset.Text.Should().Be("1979-05-27T07:32:00.999999999-07:00", "the text keeps digits beyond 100 ns ticks");
        var local = document.Get<TomlLocalDateTime>("ldt");
        local.Value.Should().Be(new DateTime(1979, 5, 27, 7, 32, 0, DateTimeKind.Unspecified));
        local.Text.Should().Be("1979-05-27 07:32:00");
        document.Get<TomlLocalDate>("ld").Value.Should().Be(new DateOnly(1979, 5, 27));
        var time = document.Get<TomlLocalTime>("lt");
        time.Value.Should().Be(new TimeOnly(0, 32, 0).Add(TimeSpan.FromTicks(1_234_567)), "fractions are truncated, not rounded");
        time.Text.Should().Be("00:32:00.1234567891");
        document.GetArray("arr").Select(node => node.TypeName).Should().Equal("integer", "string", "array", "table");
    }

    [Fact]
    public void Special_floats_and_integer_bases_follow_the_specification()
    {
        var document = Parse("a = +inf\nb = -inf\nc = nan\nd = 0o755\ne = 0b1101\nf = 1e400\ng = -0.0\nh = 1_000");

        document.GetFloat("a").Should().Be(double.PositiveInfinity);
        document.GetFloat("b").Should().Be(double.NegativeInfinity);
        double.IsNaN(document.GetFloat("c")).Should().BeTrue();
        document.GetInteger("d").Should().Be(493);
        document.GetInteger("e").Should().Be(13);
        document.GetFloat("f").Should().Be(double.PositiveInfinity, "values beyond double's range round to infinity");
        double.IsNegative(document.GetFloat("g")).Should().BeTrue();
        document.GetInteger("h").Should().Be(1000);
    }

    [Fact]
    public void Strings_decode_escapes_and_normalise_crlf_in_multiline_strings()
    {
        var document = Parse("a = \"tab\\there \\u00e9 \\U0001F600 \\\"q\\\"\"\nb = \"\"\"\r\nline1\r\nline2\"\"\"\nc = '''C:\\path\\'''");

        document.GetString("a").Should().Be("tab\there é 😀 \"q\"");
        document.GetString("b").Should().Be("line1\nline2");
        document.GetString("c").Should().Be("C:\\path\\");
    }

    [Fact]
    public void Nodes_parsed_from_the_same_text_at_the_same_place_are_equal()
    {
        const string text = "[a]\nb = [1, { c = 'd' }]\n";

        // Tables are collections to FluentAssertions, so equality is asked for directly.
        (Parse(text) == Parse(text)).Should().BeTrue();
        Parse(text).GetHashCode().Should().Be(Parse(text).GetHashCode());
        (Parse(text) == Parse(text, "other.toml")).Should().BeFalse();
        (Parse(text) == Parse(text.Replace("'d'", "'e'"))).Should().BeFalse();
    }

    [Fact]
    public void Nesting_is_limited_so_deep_documents_fail_cleanly()
    {
        Parse($"a = {new string('[', 128)}{new string(']', 128)}").GetArray("a").Count.Should().Be(1);

        Reject($"a = {new string('[', 100_000)}").Message.Should().Be("test.toml:1:133: tables and arrays nest more than 128 levels deep");
        Reject($"[{string.Join('.', Enumerable.Repeat("t", 1000))}]").Reason.Should().Be("tables and arrays nest more than 128 levels deep");
    }
}
