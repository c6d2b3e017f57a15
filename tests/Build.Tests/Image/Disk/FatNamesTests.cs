using System.Text;
using RedoxBuild.Image.Disk;

namespace RedoxBuild.Tests.Image.Disk;

public class FatNamesTests
{
    private static (string Short, bool Lfn) ShortName(string name, params string[] taken)
    {
        var (bytes, lfn) = FatNames.ShortNameFor(name, new HashSet<string>(taken));
        return (Encoding.ASCII.GetString(bytes), lfn);
    }

    [Theory]
    [InlineData("BOOTX64.EFI", "BOOTX64 EFI", false)]
    [InlineData("EFI", "EFI        ", false)]
    [InlineData("startup.nsh", "STARTUP NSH", true)]
    [InlineData("kernel", "KERNEL     ", true)]
    [InlineData("Initfs", "INITFS     ", true)]
    [InlineData("A long file name with spaces.txt", "ALONGF~1TXT", true)]
    [InlineData("archive.tar.gz", "ARCHIV~1GZ ", true)]
    [InlineData("page.html", "PAGE~1  HTM", true)]
    [InlineData(".hidden", "HIDDEN~1   ", true)]
    [InlineData("a+b.txt", "A_B~1   TXT", true)]
    [InlineData("Ünïcode.txt", "_N_COD~1TXT", true)]
    public void Short_names_follow_the_FAT_basis_name_rules(string name, string expected, bool lfn) =>
        ShortName(name).Should().Be((expected, lfn));

    [Fact]
    public void A_taken_tail_moves_to_the_next_number() =>
        ShortName("A long file name, again.txt", "ALONGF~1TXT").Should().Be(("ALONGF~2TXT", true));

    [Fact]
    public void Tails_beyond_nine_shorten_the_stem()
    {
        var taken = Enumerable.Range(1, 9).Select(n => $"LONGNA~{n}TXT").ToArray();

        ShortName("longnamefile.txt", taken).Short.Should().Be("LONGN~10TXT");
    }

    [Fact]
    public void A_lower_case_name_whose_short_form_is_taken_gets_a_tail() =>
        ShortName("readme.txt", "README  TXT").Should().Be(("README~1TXT", true));

    [Theory]
    [InlineData("startup.nsh", 0x18)]
    [InlineData("kernel", 0x08)]
    [InlineData("README.txt", 0x10)]
    [InlineData("Readme.txt", 0x10)]  // mixed-case stem: no flag, the long name keeps it
    [InlineData("BOOTX64.EFI", 0x00)]
    public void Lower_case_parts_of_exact_short_names_get_NT_case_flags(string name, int flags)
    {
        var (bytes, _) = FatNames.ShortNameFor(name, new HashSet<string>());

        FatNames.CaseFlags(name, bytes).Should().Be((byte)flags);
    }

    [Fact]
    public void The_checksum_matches_what_mtools_wrote_for_the_same_short_name()
    {
        // mcopy of "A long file name.txt" into an mkfs.fat image produced ALONGF~1TXT with LFN checksum 0x02.
        FatNames.Checksum("ALONGF~1TXT"u8).Should().Be(0x02);
    }

    [Fact]
    public void A_name_of_eleven_characters_takes_one_long_entry_with_terminator_and_padding()
    {
        var entries = FatNames.LongNameEntries("startup.nsh", 0xAB);

        entries.Should().ContainSingle();
        var e = entries[0];
        e[0].Should().Be(0x41, "sequence 1, flagged as the last (and only) entry");
        (e[11], e[12], e[13]).Should().Be(((byte)0x0F, (byte)0, (byte)0xAB));
        Encoding.Unicode.GetString(e, 1, 10).Should().Be("start");
        Encoding.Unicode.GetString(e, 14, 12).Should().Be("up.nsh");
        e[28..30].Should().Equal(0, 0);          // terminator after 11 characters
        e[30..32].Should().Equal(0xFF, 0xFF);    // padding
        e[26..28].Should().Equal(0, 0);          // first cluster is always zero
    }

    [Fact]
    public void Long_entries_are_stored_last_part_first()
    {
        var entries = FatNames.LongNameEntries("fourteen-chars", 1);

        entries.Select(e => e[0]).Should().Equal(0x42, 0x01);
        Encoding.Unicode.GetString(entries[0], 1, 2).Should().Be("s");
        entries[0][3..5].Should().Equal(0, 0);
    }

    [Fact]
    public void A_name_of_exactly_thirteen_characters_has_no_terminator()
    {
        var e = FatNames.LongNameEntries("thirteen-char", 1).Single();

        Encoding.Unicode.GetString(e, 28, 4).Should().Be("ar");
    }

    [Theory]
    [InlineData("a:b", "it contains ':'*")]
    [InlineData("what?", "it contains '?'*")]
    [InlineData("tab\tname", "it contains the control character U+0009")]
    [InlineData("trailing.", "it ends with a dot or a space*")]
    [InlineData("..", "'.' and '..' are reserved*")]
    public void Invalid_long_names_say_why(string name, string reason) =>
        FatNames.LongNameProblem(name).Should().Match(reason);

    [Fact]
    public void Names_longer_than_255_units_are_invalid() =>
        FatNames.LongNameProblem(new string('n', 256)).Should().Be("the name has 256 UTF-16 code units; FAT long names hold at most 255");
}
