using RedoxBuild.Toml;
using static RedoxBuild.Tests.Toml.Toml;

namespace RedoxBuild.Tests.Toml;

public sealed class TomlPositionTests
{
    [Fact]
    public void Keys_and_values_carry_where_they_were_written()
    {
        var document = Parse("name = \"kernel\"\n  version =  3\n");

        document.TryGetEntry("name", out var name).Should().BeTrue();
        name.KeyPosition.Should().Be(At(1, 1));
        name.Value.Position.Should().Be(At(1, 8));
        document.TryGetEntry("version", out var version).Should().BeTrue();
        version.KeyPosition.Should().Be(At(2, 3));
        version.Value.Should().Be(new TomlInteger(3, At(2, 14)));
    }

    [Fact]
    public void A_header_table_sits_at_its_bracket_and_its_key_at_the_name()
    {
        var document = Parse("# recipe\n[package]\n[ build . env ]\nA = 1\n");

        document.Position.Should().Be(At(1, 1));
        document.GetTable("package").Position.Should().Be(At(2, 1));
        document.TryGetEntry("build", out var build).Should().BeTrue();
        build.KeyPosition.Should().Be(At(3, 3));
        build.Value.Position.Should().Be(At(3, 3), "build only exists because [build.env] passes through it");
        ((TomlTable)build.Value).TryGetEntry("env", out var env).Should().BeTrue();
        env.KeyPosition.Should().Be(At(3, 11));
        env.Value.Position.Should().Be(At(3, 1));
    }

    [Fact]
    public void A_table_first_implied_and_later_defined_moves_to_its_header()
    {
        var document = Parse("[a.b]\n[a]\n");

        document.TryGetEntry("a", out var a).Should().BeTrue();
        a.KeyPosition.Should().Be(At(1, 2));
        a.Value.Position.Should().Be(At(2, 1));
    }

    [Fact]
    public void Dotted_keys_place_each_part_and_the_tables_they_create()
    {
        var document = Parse("x = 0\nsite.\"github.com\" . user = 'me'\n");

        var site = document.GetTable("site");
        site.Position.Should().Be(At(2, 1));
        site.TryGetEntry("github.com", out var host).Should().BeTrue();
        host.KeyPosition.Should().Be(At(2, 6));
        ((TomlTable)host.Value).TryGetEntry("user", out var user).Should().BeTrue();
        user.KeyPosition.Should().Be(At(2, 21));
        user.Value.Should().Be(new TomlString("me", At(2, 28)));
    }

    [Fact]
    public void Array_elements_and_inline_tables_have_their_own_positions()
    {
        var document = Parse("deps = [\n  \"a\", # first\n  { name = \"b\" },\n]\n");

        var deps = document.GetArray("deps");
        deps.Position.Should().Be(At(1, 8));
        deps[0].Position.Should().Be(At(2, 3));
        var inline = (TomlTable)deps[1];
        inline.Position.Should().Be(At(3, 3));
        inline.TryGetEntry("name", out var name).Should().BeTrue();
        name.KeyPosition.Should().Be(At(3, 5));
        name.Value.Position.Should().Be(At(3, 12));
    }

    [Fact]
    public void Each_array_of_tables_element_sits_at_its_own_header()
    {
        var document = Parse("[[bin]]\nname = 'a'\n\n[[bin]]\nname = 'b'\n");

        var bins = document.GetArray("bin");
        bins.IsArrayOfTables.Should().BeTrue();
        bins.Position.Should().Be(At(1, 1));
        bins.Select(bin => bin.Position).Should().Equal(At(1, 1), At(4, 1));
        bins.GetTables()[1].Get<TomlString>("name").Position.Should().Be(At(5, 8));
    }

    [Fact]
    public void Lines_keep_counting_through_multiline_strings_and_crlf()
    {
        var document = Parse("a = \"\"\"\r\none\r\ntwo \\\r\n   three\"\"\"\r\nb = '''\nx\n'''\r\nc = 1\n");

        document.GetString("a").Should().Be("one\ntwo three");
        document.GetString("b").Should().Be("x\n");
        document.TryGetEntry("b", out var b).Should().BeTrue();
        b.KeyPosition.Should().Be(At(5, 1));
        document.TryGetEntry("c", out var c).Should().BeTrue();
        c.KeyPosition.Should().Be(At(8, 1));
        c.Value.Position.Should().Be(At(8, 5));
    }

    [Fact]
    public void Columns_after_multibyte_characters_count_characters()
    {
        var document = Parse("s = \"ü€😀\"\nt = 1\nu = ['é', 'x']");

        document.GetArray("u")[1].Position.Should().Be(At(3, 11));
        Parse("\"😀\" = 'é'  ").Get<TomlString>("😀").Position.Should().Be(At(1, 7));
    }
}
