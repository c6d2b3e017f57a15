using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using RedoxBuild.Runners.BootTest;
using RedoxBuild.Tests.Runners.BootTest;
using RedoxBuild.Tests.Support;
using static RedoxBuild.Tests.Runners.BootTest.BootFixtures;

namespace RedoxBuild.Tests.Runners.Qemu;

/// <summary>The built image is never modified: the guest writes into a per-run qcow2 overlay that goes with the run.</summary>
public class OverlayTests : IDisposable
{
    private readonly FixtureBoot _boot = new();

    public void Dispose() => _boot.Dispose();

    [RequiresToolsFact(QemuSystem, QemuImg, Ovmf, Gcc, GnuEfiCrt0)]
    public async Task A_guest_writing_to_its_disk_leaves_the_image_byte_identical()
    {
        var image = BootFixtures.WriteImage(_boot.Dir, new EfiScript().WriteFile("\\WRITTEN.TXT").PowerOff());
        var before = Sha256(image);
        var run = VmRunDirectory.Create(_boot.Session.Work / "vm-runs", "overlay-test");
        BootTestReport report;
        bool guestWroteIntoOverlay;
        using (run)
        {
            var plan = await _boot.Launcher().PrepareAsync(new VmLaunchRequest(AbsolutePath.Create(image), FixtureBoot.SmallVm, run.Path), CancellationToken.None);
            var options = new BootTestOptions("overlay", BootExpectations.For(["WRITE-OK"]), TimeSpan.FromSeconds(240), _boot.Session.Work / "boot-tests" / "overlay");
            report = await new BootTestRunner(_boot.Session.Logger).RunAsync(plan, options, CancellationToken.None);

            Directory.GetFiles(run.Path).Select(Path.GetFileName).Should().BeEquivalentTo(["overlay.qcow2", "OVMF_VARS_4M.fd"]);
            // qemu-img compare exits 1 on a content difference: the write landed in the overlay, not in the image.
            var compare = await Cli.Wrap("qemu-img").WithArguments(["compare", "-q", run.Path / "overlay.qcow2", image])
                .WithValidation(CommandResultValidation.None).ExecuteAsync();
            guestWroteIntoOverlay = compare.ExitCode == 1;
        }

        report.Verdict.Outcome.Should().Be(BootOutcome.Passed, report.Verdict.Message);
        guestWroteIntoOverlay.Should().BeTrue("the guest printed WRITE-OK after flushing its file");
        Sha256(image).Should().Be(before);
        Directory.Exists(run.Path).Should().BeFalse("the run directory (overlay and firmware variables) is deleted after the run");
    }

    [Fact]
    public void A_qcow2_image_is_recognised_by_its_magic_and_anything_else_is_raw()
    {
        using var dir = new ScratchDir();
        File.WriteAllBytes(dir.File("a.qcow2"), [(byte)'Q', (byte)'F', (byte)'I', 0xfb, 0, 0, 0, 3]);
        File.WriteAllBytes(dir.File("b.img"), new byte[512]);
        File.WriteAllBytes(dir.File("c.img"), [1]);

        RedoxBuild.Runners.Qemu.DiskFormat.Detect(dir.File("a.qcow2")).Should().Be("qcow2");
        RedoxBuild.Runners.Qemu.DiskFormat.Detect(dir.File("b.img")).Should().Be("raw");
        RedoxBuild.Runners.Qemu.DiskFormat.Detect(dir.File("c.img")).Should().Be("raw");
    }
}
