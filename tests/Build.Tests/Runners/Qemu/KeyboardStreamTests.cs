using System.Text;
using RedoxBuild.Runners.Qemu;

namespace RedoxBuild.Tests.Runners.Qemu;

/// <summary>Keys become what a serial terminal sends, so OVMF's picker and Redox's shell understand them.</summary>
public class KeyboardStreamTests
{
    private static string Bytes(ConsoleKey key, char keyChar = '\0', bool control = false) =>
        Encoding.UTF8.GetString(new KeyboardStream().Translate(new ConsoleKeyInfo(keyChar, key, shift: false, alt: false, control)));

    [Fact]
    public void Enter_is_a_carriage_return_and_backspace_is_DEL()
    {
        Bytes(ConsoleKey.Enter, '\r').Should().Be("\r");
        Bytes(ConsoleKey.Backspace, '\b').Should().Be("\u007f");
    }

    [Fact]
    public void Arrows_and_editing_keys_are_VT100_sequences()
    {
        Bytes(ConsoleKey.UpArrow).Should().Be("\u001b[A");
        Bytes(ConsoleKey.LeftArrow).Should().Be("\u001b[D");
        Bytes(ConsoleKey.Delete).Should().Be("\u001b[3~");
    }

    [Fact]
    public void Control_characters_pass_so_Ctrl_A_X_reaches_the_QEMU_monitor_mux() =>
        Bytes(ConsoleKey.A, '\u0001', control: true).Should().Be("\u0001");

    [Fact]
    public void Text_is_UTF8_including_characters_outside_the_BMP()
    {
        var keyboard = new KeyboardStream();
        Encoding.UTF8.GetString(keyboard.Translate(new ConsoleKeyInfo('ü', ConsoleKey.Oem1, false, false, false))).Should().Be("ü");

        var first = keyboard.Translate(new ConsoleKeyInfo('\uD83D', ConsoleKey.NoName, false, false, false));
        var second = keyboard.Translate(new ConsoleKeyInfo('\uDE00', ConsoleKey.NoName, false, false, false));

        first.Should().BeEmpty("half a surrogate pair is held back");
        Encoding.UTF8.GetString(second).Should().Be("😀");
    }
}
