using System.Text;
using RedoxBuild.Engine;
using Serilog;

namespace RedoxBuild.Runners.BootTest;

/// <summary>What a boot test looks for, how long it waits, and where it keeps serial.log, vmm.log and junit.xml.</summary>
public sealed record BootTestOptions(string Name, BootExpectations Expectations, TimeSpan Timeout, AbsolutePath OutputDirectory);

/// <summary>The outcome of one boot test and where its evidence is.</summary>
public sealed record BootTestReport(
    string Name,
    BootVerdict Verdict,
    IReadOnlyList<MilestoneResult> Milestones,
    IReadOnlyList<TestSuiteResult> Suites,
    IReadOnlyList<string> Tail,
    AbsolutePath SerialLog,
    AbsolutePath VmmLog,
    AbsolutePath JUnit);

/// <summary>
/// Runs a prepared VM as a boot test: starts it, streams its serial console through a <see cref="BootWatcher"/>
/// (milestones are logged with their time as they appear), stops at the first verdict (pass, crash, failed suite,
/// VM exit or timeout), always kills the VM, and writes the serial log and JUnit XML. VMM-agnostic: the plan comes
/// from any <see cref="IVmLauncher"/>.
/// </summary>
public sealed class BootTestRunner(ILogger logger)
{
    /// <summary>How long a Rust panic line waits for its message line before it is judged on its own.</summary>
    private static readonly TimeSpan PanicMessageGrace = TimeSpan.FromSeconds(1);

    public async Task<BootTestReport> RunAsync(VmLaunchPlan plan, BootTestOptions options, CancellationToken cancellationToken)
    {
        var directory = options.OutputDirectory.CreateDirectory();
        var serialPath = directory / "serial.log";
        var vmmPath = directory / "vmm.log";
        var junitPath = directory / "junit.xml";
        if (junitPath.FileExists()) File.Delete(junitPath); // a stale report must never pass for this run's

        var watcher = new BootWatcher(options.Expectations);
        logger.Information("Boot test {Name}: {Accelerator}, timeout {Timeout} s; serial log {SerialLog}",
            options.Name, plan.Accelerator, options.Timeout.TotalSeconds, serialPath);
        logger.Information("> {Command}", plan.Command.ToDisplayString());

        await using (var serialLog = new FileStream(serialPath, FileMode.Create, FileAccess.Write, FileShare.Read))
        await using (var vmmLog = new StreamWriter(vmmPath) { AutoFlush = true })
        {
            var decoder = new UTF8Encoding(false).GetDecoder();
            var chars = new char[Encoding.UTF8.GetMaxCharCount(64 * 1024)];

            void OnSerial(ReadOnlyMemory<byte> bytes, TimeSpan at)
            {
                serialLog.Write(bytes.Span);
                serialLog.Flush(); // so `tail -f serial.log` follows the boot live
                if (chars.Length < Encoding.UTF8.GetMaxCharCount(bytes.Length)) chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
                var count = decoder.GetChars(bytes.Span, chars, flush: false);
                Report(watcher.OnSerial(chars.AsSpan(0, count), at));
            }

            void OnVmmLine(string line, TimeSpan at)
            {
                vmmLog.WriteLine(line);
                logger.Debug("vmm | {Line}", line);
                Report(watcher.OnVmmLine(line, at));
            }

            // Serial output can arrive before VmProcess.Start returns; delayed work waits for the handle here.
            var started = new TaskCompletionSource<VmProcess>(TaskCreationOptions.RunContinuationsAsynchronously);
            void Report(IReadOnlyList<BootEvent> events)
            {
                foreach (var e in events)
                {
                    if (e is PendingCrashEvent pending) _ = ResolveLaterAsync(pending.Token);
                    else Log(e);
                }
            }

            async Task ResolveLaterAsync(long token)
            {
                await Task.Delay(PanicMessageGrace, CancellationToken.None);
                var vm = await started.Task;
                Report(watcher.ResolvePendingCrash(token, vm.Elapsed));
            }

            await using (var vm = VmProcess.Start(plan.Command, new VmOutputHandlers(OnSerial, OnVmmLine), cancellationToken))
            {
                started.SetResult(vm);
                logger.Debug("VM process {Pid} started", vm.ProcessId);
                using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var timeout = Task.Delay(options.Timeout, stopWaiting.Token);
                var first = await Task.WhenAny(watcher.Decided, vm.Exited, timeout);
                cancellationToken.ThrowIfCancellationRequested(); // Ctrl+C: the VM is killed on the way out
                if (first == vm.Exited && await vm.Exited is { Killed: false } exit) Report(watcher.OnVmExit(exit.ExitCode, vm.Elapsed));
                else if (first == timeout) Report(watcher.OnTimeout(options.Timeout, vm.Elapsed));
                await stopWaiting.CancelAsync();
            }
        }

        var verdict = watcher.Verdict ?? throw new InvalidOperationException("The boot test ended without a verdict.");
        var report = new BootTestReport(options.Name, verdict, watcher.Milestones, watcher.Suites, watcher.Tail, serialPath, vmmPath, junitPath);
        await File.WriteAllTextAsync(junitPath, JUnitReport.Write(options.Name, verdict, report.Milestones, report.Suites), CancellationToken.None);
        logger.Information("Serial log: {SerialLog}", serialPath);
        logger.Information("JUnit XML: {JUnit}", junitPath);
        return report;
    }

    private void Log(BootEvent e)
    {
        switch (e)
        {
            case SerialLineEvent line:
                logger.Verbose("serial | {Line}", line.Line);
                break;
            case MilestoneEvent milestone:
                logger.Information("Milestone {Milestone} at {Ms} ms: {Line}", milestone.Milestone.Name, (long)milestone.At.TotalMilliseconds, milestone.Line);
                break;
            case SuiteMarkerEvent marker:
                logger.Information("{Marker} at {Ms} ms", marker.Prefix + (marker.Kind == SuiteLineKind.Started ? "S_START" : "S_COMPLETE"), (long)marker.At.TotalMilliseconds);
                break;
            case GuestTestEvent { Result.Status: GuestTestStatus.Fail } test:
                logger.Information("{Prefix} {Name}: FAIL{Reason}", test.Prefix, test.Result.Name, test.Result.Reason is null ? "" : $" ({test.Result.Reason})");
                break;
            case GuestTestEvent test:
                logger.Debug("{Prefix} {Name}: {Status}", test.Prefix, test.Result.Name, test.Result.Status.ToString().ToUpperInvariant());
                break;
            case MalformedTestLineEvent malformed:
                logger.Warning("Ignored a malformed {Prefix} line (expected {Prefix}:name:PASS|FAIL[:reason]|SKIP): {Line}", malformed.Prefix, malformed.Prefix, malformed.Line);
                break;
            case NoiseEvent noise:
                logger.Debug("Ignored known harmless {Rule} ({Token}): {Line}", noise.Rule.Name, noise.Token, noise.Line);
                break;
            case VerdictEvent verdict:
                logger.Debug("Verdict at {Ms} ms: {Outcome}", (long)verdict.At.TotalMilliseconds, verdict.Verdict.Outcome);
                break;
        }
    }
}
