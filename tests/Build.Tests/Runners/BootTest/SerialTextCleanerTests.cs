using RedoxBuild.Runners.BootTest;

namespace RedoxBuild.Tests.Runners.BootTest;

public class SerialTextCleanerTests
{
    [Fact]
    public void OVMF_screen_control_sequences_and_carriage_returns_disappear()
    {
        // Verbatim start of OVMF's serial output on this machine (machine.md §1 boot, cat -A).
        const string raw = "\u001b[2J\u001b[01;01H\u001b[=3h\u001b[2J\u001b[01;01HBdsDxe: loading Boot0001 \"EFI Internal Shell\"\r\n" +
                           "\u001b[1m\u001b[33m\u001b[40mMapping table\u001b[0m\u001b[37m\u001b[40m\r\n";

        SerialTextCleaner.CleanAll(raw).Should().Be("BdsDxe: loading Boot0001 \"EFI Internal Shell\"\nMapping table\n");
    }

    [Fact]
    public void A_sequence_split_across_chunks_is_still_removed()
    {
        var cleaner = new SerialTextCleaner();

        var text = cleaner.Clean("Redox \u001b") + cleaner.Clean("[1;3") + cleaner.Clean("2mOS\u001b") + cleaner.Clean("]0;title\u0007 starting");

        text.Should().Be("Redox OS starting");
    }

    [Fact]
    public void OSC_strings_end_at_BEL_or_ST_and_never_swallow_the_next_line()
    {
        SerialTextCleaner.CleanAll("a\u001b]2;t\u001b\\b").Should().Be("ab");
        SerialTextCleaner.CleanAll("x\u001b]broken\nBoot Complete\n").Should().Be("x\nBoot Complete\n");
    }

    [Fact]
    public void Charset_designations_and_two_byte_escapes_are_dropped()
    {
        SerialTextCleaner.CleanAll("\u001b(Bion\u001b=>\u001b7 \u001b8ok").Should().Be("ion> ok");
    }

    [Fact]
    public void Tabs_newlines_and_unicode_survive_other_controls_do_not()
    {
        SerialTextCleaner.CleanAll("a\tb\u0007\b\u007f\u0000c\nü✓").Should().Be("a\tbc\nü✓");
    }

    [Fact]
    public void An_unterminated_CSI_gives_up_so_later_text_is_kept()
    {
        var text = SerialTextCleaner.CleanAll("\u001b[" + new string('1', 300) + "Redox OS Bootloader");

        text.Should().EndWith("Redox OS Bootloader");
    }
}
