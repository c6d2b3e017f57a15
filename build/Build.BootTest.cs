using RedoxBuild.Doctor;
using RedoxBuild.Engine;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Runners.BootTest;
using RedoxBuild.Runners;

partial class Build
{
    [Parameter("BootTest: seconds to wait for every milestone (and a started guest test suite) before failing. Default: 90 with KVM, 180 under TCG.", StrictEnvironment = true, EnvironmentAliases = ["BOOT_TEST_TIMEOUT"])]
    readonly int? Timeout;

    [Parameter("BootTest: serial texts to wait for, in order; they replace the default milestones (Redox OS Bootloader, Redox OS starting, Boot Complete, a shell or login prompt). A FUNC_TEST suite that starts before the last one must complete too; add FUNC_TESTS_COMPLETE to wait for one that starts after it.", StrictEnvironment = true)]
    readonly string[] Expect = [];

    [UsesTools(ToolFamily.Qemu)]
    Target BootTest => _ => _
        .Description("Boots the image headless and reports each milestone's time; fails fast on panics, page faults and firmware/KVM errors; parses FUNC_TEST results; keeps serial.log and writes JUnit XML under build/work/boot-tests/<name>.")
        .After(DiskImage, LiveImage)
        .Produces("build/work/boot-tests/*/serial.log", "build/work/boot-tests/*/junit.xml")
        .Executes(async () =>
        {
            if (await BootAsync() is not { } report) return; // a dry run printed the command
            ReportSummary(s =>
            {
                s["Verdict"] = report.Verdict.Outcome.ToString();
                s["Milestones"] = string.Join(", ", report.Milestones.Select(m => m.SeenAt is { } at ? $"{(long)at.TotalMilliseconds} ms" : "-"));
            });
            if (!report.Verdict.Passed)
                throw new BuildFailure($"Boot test {report.Name} failed: {report.Verdict.Message}\nLast serial lines:\n" +
                    string.Join("\n", report.Tail.TakeLast(15).Select(l => "  | " + l)) +
                    $"\nSerial log: {report.SerialLog}\nVMM output: {report.VmmLog}\nJUnit XML: {report.JUnit}");
            Logger.Information("Boot test {Name} passed: {Message}", report.Name, report.Verdict.Message);
        });

    /// <summary>Boots the image and follows its console; null in a dry run (the command was printed).</summary>
    async Task<BootTestReport?> BootAsync()
    {
        if (Timeout is <= 0) throw new BuildFailure($"--timeout (env BOOT_TEST_TIMEOUT) must be a positive number of seconds, got {Timeout}.");
        if (Expect.Any(string.IsNullOrWhiteSpace))
            throw new BuildFailure("--expect values must not be empty: an empty text matches every serial line, so the boot test would pass whatever the guest prints. Give the texts to wait for, e.g. --expect \"Boot Complete\" \"login:\".");
        var image = BootImage();
        var settings = VmResources.Resolve(VmLayers);
        var launcher = BootTestLauncher();
        var name = BootTestName(image);
        using var run = VmRunDirectory.Create(VmRunsDirectory, "boot-test");
        var plan = await launcher.PrepareAsync(new VmLaunchRequest(image, settings, run.Path), CancellationToken);
        if (IsDryRun)
        {
            await Processes.RunAsync(plan.Command); // prints it
            return null;
        }
        var timeout = TimeSpan.FromSeconds(Timeout ?? (plan.IsAccelerated ? 90 : 180));
        var options = new BootTestOptions(name, BootExpectations.For(Expect), timeout, Layout.Work / "boot-tests" / name);
        return await new BootTestRunner(Logger).RunAsync(plan, options, CancellationToken);
    }

    /// <summary>BootTest as one of PrepareUpstream's checks.</summary>
    async Task<RedoxBuild.Upstream.CheckResult> BootTestCheckAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var report = await BootAsync();
        return report is null
            ? new RedoxBuild.Upstream.CheckResult("BootTest", RedoxBuild.Upstream.CheckOutcome.Skipped, started.Elapsed, "dry run")
            : new RedoxBuild.Upstream.CheckResult($"BootTest {report.Name}", report.Verdict.Passed ? RedoxBuild.Upstream.CheckOutcome.Passed : RedoxBuild.Upstream.CheckOutcome.Failed,
                started.Elapsed, report.Verdict.Message);
    }

    /// <summary>
    /// The launcher for --runner, else the profile's [vm] runner, else Cloud Hypervisor. Only --runner is a demand: a
    /// profile's or the default Cloud Hypervisor that is not installed falls back to QEMU (as the Nix harness did when
    /// CH could not run), saying so; an explicit --runner cloud-hypervisor that is missing is an error naming the fix.
    /// </summary>
    IVmLauncher BootTestLauncher()
    {
        var fromProfile = ProfileVm().Resources.Runner;
        var runner = Runner ?? fromProfile ?? VmResources.Defaults.Runner;
        if (runner == VmRunner.Qemu) return NewQemuLauncher();
        if (new RedoxBuild.Doctor.ToolProbe(Processes, EnvironmentVariables).Find(CloudHypervisorBinary) is not null || Path.IsPathRooted(CloudHypervisorBinary) && File.Exists(CloudHypervisorBinary))
            return new RedoxBuild.Runners.CloudHypervisor.CloudHypervisorLauncher(Processes, CloudHypervisorBinary, CloudHypervisorFirmware());
        if (Runner is not null)
            throw new BuildFailure($"--runner cloud-hypervisor: {CloudHypervisorBinary} was not found. Install it (./build.sh Doctor --for RunCloud) or pass --cloud-hypervisor-binary, or use --runner qemu.");
        Logger.Information("Runner: qemu ({Choice}, cloud-hypervisor, is not installed here; --runner cloud-hypervisor makes it a requirement)",
            fromProfile is null ? "the default" : $"profile {Profile}'s [vm] runner");
        return NewQemuLauncher();
    }

    /// <summary>The profile for images under build/images (build/images/graphical/harddrive.img is "graphical"), else the file's name.</summary>
    string BootTestName(AbsolutePath image)
    {
        if (Layout.Images.Contains(image) && image.Parent is { } dir && dir != Layout.Images)
            return dir.RelativeTo(Layout.Images).Replace('/', '-');
        return Path.GetFileNameWithoutExtension(image.Name);
    }
}
