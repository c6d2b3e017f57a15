using System.Text;
using RedoxBuild.Engine;
using RedoxBuild.Runners.BootTest;
using RedoxBuild.Runners.Qemu;
using RedoxBuild.Tests.Runners.BootTest;
using RedoxBuild.Tests.Support;
using static RedoxBuild.Tests.Runners.BootTest.BootFixtures;

namespace RedoxBuild.Tests.Runners.Qemu;

/// <summary>
/// RunGraphical's console path (InteractiveConsole on mon:stdio) answering a picker that really blocks on a key: the
/// fixture prints the bootloader's picker line, waits on the UEFI console (fed by the serial port) and only then
/// prints its marker and powers off. Headless here; the window changes nothing on the serial side.
/// </summary>
public class ResolutionPickerTests : IDisposable
{
    private readonly FixtureBoot _boot = new();

    public void Dispose() => _boot.Dispose();

    [RequiresToolsFact(QemuSystem, QemuImg, Ovmf, Gcc, GnuEfiCrt0)]
    public async Task The_picker_gets_Enter_two_seconds_after_it_appears_and_the_boot_goes_on()
    {
        var image = BootFixtures.WriteImage(_boot.Dir, new EfiScript()
            .Say("Output 0 1280x800").Say("Arrow keys and enter select mode").WaitForKey().Say("PICKER-ANSWERED").PowerOff());
        using var run = VmRunDirectory.Create(_boot.Session.Work / "vm-runs", "picker-test");
        var headlessGraphical = QemuFrontEnd.Graphical with { Display = QemuDisplay.None, Network = new QemuNetwork.None() };
        var plan = await _boot.Launcher().PrepareAsync(new VmLaunchRequest(AbsolutePath.Create(image), FixtureBoot.SmallVm, run.Path), headlessGraphical, CancellationToken.None);
        var terminal = new TerminalStreams(new MemoryStream(), new MemoryStream());
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4)); // a picker never answered would hang here: bounded

        var result = await new InteractiveConsole(_boot.Session.Logger).RunAsync(plan.Command, terminal, ResolutionPickerAnswer.Default, run.Path / "serial.log", limit.Token);

        var output = Encoding.UTF8.GetString(((MemoryStream)terminal.Output).ToArray());
        output.Should().Contain("Arrow keys and enter select mode").And.Contain("PICKER-ANSWERED");
        output.IndexOf("PICKER-ANSWERED", StringComparison.Ordinal).Should().BeGreaterThan(output.IndexOf("select mode", StringComparison.Ordinal));
        result.Exit.Should().Be(new VmExit(0, Killed: false), "the fixture powers off once it has its key");
        result.Detached.Should().BeFalse();
        result.PickerAnsweredAt.Should().NotBeNull();
        File.ReadAllText(run.Path / "serial.log").Should().Contain("PICKER-ANSWERED");
        plan.Command.ArgumentList.Should().ContainInOrder("-serial", "mon:stdio");
    }

    [Fact]
    public async Task Ctrl_close_bracket_on_the_terminal_stops_the_VM()
    {
        // Any command stands in for QEMU here: the console only sees a process with stdio.
        var vm = RedoxBuild.CliWrap.Cli.Wrap("sleep").WithArguments(["60"]);
        var terminal = new TerminalStreams(new MemoryStream([(byte)'a', InteractiveConsole.DetachKey, (byte)'b']), new MemoryStream());
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var result = await new InteractiveConsole(_boot.Session.Logger).RunAsync(vm, terminal, picker: null, serialLogPath: null, limit.Token);

        result.Detached.Should().BeTrue();
        result.Exit.Killed.Should().BeTrue();
    }
}
