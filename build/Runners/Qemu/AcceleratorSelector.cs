using System.Text.Json;
using System.Text.Json.Serialization;
using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using Serilog;

namespace RedoxBuild.Runners.Qemu;

/// <summary>The accelerator QEMU will use, and why (logged once per build).</summary>
public sealed record AccelerationVerdict(QemuAccelerator Accelerator, string Reason)
{
    public override string ToString() => Accelerator == QemuAccelerator.Kvm
        ? $"KVM ({Reason})"
        : $"TCG, software emulation ({Reason})";
}

/// <summary>Inputs of the accelerator choice.</summary>
/// <param name="CacheFile">Where the probe's verdict is kept (.nuke/temp/kvm-probe.json), keyed by kernel and QEMU version.</param>
/// <param name="ScratchParent">Where the probe's throw-away firmware variables go.</param>
/// <param name="DryRun">Probe nothing: a dry run boots nothing, not even the firmware.</param>
public sealed record AcceleratorSelectorOptions(AbsolutePath CacheFile, AbsolutePath ScratchParent, UefiFirmware Firmware, bool DryRun)
{
    public string KvmDevice { get; init; } = "/dev/kvm";
    public string KernelReleaseFile { get; init; } = "/proc/sys/kernel/osrelease";

    /// <summary>OVMF prints within about a second under working KVM (3.8 s under TCG); broken KVM fails in under 0.1 s.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Chooses KVM only when a short probe proves it can run the firmware, else TCG. /dev/kvm existing is not enough:
/// on PVM hosts (kvm_pvm) it is present but OVMF dies with "KVM internal error", and -cpu host aborts on an MSR
/// (machine.md §1). The verdict is cached per kernel + QEMU version + firmware, and logged once per build: one
/// selector serves every VM of a build run.
/// </summary>
public sealed class AcceleratorSelector(Processes processes, ILogger logger, AcceleratorSelectorOptions options)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };
    private readonly Lock _lock = new();
    private Task<AccelerationVerdict>? _verdict;

    private sealed record CacheEntry(string Key, QemuAccelerator Accelerator, string Reason);

    /// <summary>The verdict; the first call decides (and logs), later calls get the same answer.</summary>
    public Task<AccelerationVerdict> SelectAsync(CancellationToken cancellationToken)
    {
        lock (_lock) return _verdict ??= DecideAndLogAsync(cancellationToken);
    }

    private async Task<AccelerationVerdict> DecideAndLogAsync(CancellationToken cancellationToken)
    {
        var verdict = await DecideAsync(cancellationToken);
        logger.Information("Acceleration: {Verdict}", verdict.ToString());
        return verdict;
    }

    private async Task<AccelerationVerdict> DecideAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(options.KvmDevice)) return Tcg($"no {options.KvmDevice}");
        try
        {
            File.OpenHandle(options.KvmDevice, FileMode.Open, FileAccess.ReadWrite).Dispose();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return Tcg($"{options.KvmDevice} is not usable by this user ({e.Message}); add yourself to the kvm group");
        }
        if (options.DryRun) return Tcg("dry run: KVM not probed");

        var key = await CacheKeyAsync();
        if (ReadCache(key) is { } cached) return cached with { Reason = $"{cached.Reason}; cached in {options.CacheFile.Name}" };
        var (verdict, definitive) = await ProbeAsync(cancellationToken);
        // A silent probe may just mean a loaded machine: only answers KVM itself gave are remembered.
        if (definitive) WriteCache(new CacheEntry(key, verdict.Accelerator, verdict.Reason));
        return verdict;
    }

    private async Task<(AccelerationVerdict Verdict, bool Definitive)> ProbeAsync(CancellationToken cancellationToken)
    {
        using var scratch = BootTest.VmRunDirectory.Create(options.ScratchParent, "kvm-probe");
        var firmware = new QemuFirmware(options.Firmware.Code, options.Firmware.VarsTemplate is null ? null : (string)(scratch.Path / "OVMF_VARS.fd"));
        if (firmware.Vars is not null) File.Copy(options.Firmware.VarsTemplate!, firmware.Vars);
        var command = Cli.Wrap(QemuCommandLine.Program).WithArguments(QemuCommandLine.KvmProbeArguments(firmware)).WithWorkingDirectory(scratch.Path);
        logger.Debug("Probing KVM (at most {Seconds} s): {Command}", options.ProbeTimeout.TotalSeconds, command.ToDisplayString());

        var firmwareSpoke = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var internalError = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new List<string>();
        var handlers = new BootTest.VmOutputHandlers(
            Serial: (_, at) => firmwareSpoke.TrySetResult(at),
            VmmLine: (line, _) =>
            {
                lock (errors) errors.Add(line);
                if (line.Contains("KVM internal error", StringComparison.Ordinal)) internalError.TrySetResult(line.Trim());
            });
        await using var vm = BootTest.VmProcess.Start(command, handlers, cancellationToken);
        var first = await Task.WhenAny(firmwareSpoke.Task, internalError.Task, vm.Exited, Task.Delay(options.ProbeTimeout, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();

        if (first == firmwareSpoke.Task)
            return (new AccelerationVerdict(QemuAccelerator.Kvm, $"the probe booted OVMF under KVM: firmware output after {BootTest.BootWatcher.Ms(firmwareSpoke.Task.Result)}"), true);
        if (first == internalError.Task) return (Tcg($"KVM cannot run the firmware here: \"{internalError.Task.Result}\" (a PVM host such as kvm_pvm?)"), true);
        if (first == vm.Exited)
        {
            var exit = await vm.Exited;
            string[] lines;
            lock (errors) lines = errors.ToArray();
            var reason = lines.FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? lines.LastOrDefault() ?? "no error output";
            return (Tcg($"qemu -accel kvm -cpu host exited with code {exit.ExitCode} before any firmware output: \"{reason.Trim()}\""), true);
        }
        return (Tcg($"no firmware output within {options.ProbeTimeout.TotalSeconds:0} s under KVM"), false);
    }

    private async Task<string> CacheKeyAsync()
    {
        var kernel = File.Exists(options.KernelReleaseFile) ? (await File.ReadAllTextAsync(options.KernelReleaseFile)).Trim() : Environment.OSVersion.VersionString;
        var version = await processes.CaptureAsync(Cli.Wrap(QemuCommandLine.Program).WithArguments(["--version"]));
        var qemu = version.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "unknown";
        return $"kernel {kernel} | {qemu} | {options.Firmware.Code}";
    }

    private AccelerationVerdict? ReadCache(string key)
    {
        try
        {
            var entry = options.CacheFile.FileExists() ? JsonSerializer.Deserialize<CacheEntry>(File.ReadAllText(options.CacheFile), Json) : null;
            return entry?.Key == key ? new AccelerationVerdict(entry.Accelerator, entry.Reason) : null;
        }
        catch (JsonException e)
        {
            logger.Debug("Ignoring an unreadable KVM probe cache {File}: {Message}", options.CacheFile, e.Message);
            return null;
        }
    }

    private void WriteCache(CacheEntry entry)
    {
        options.CacheFile.Parent?.CreateDirectory();
        File.WriteAllText(options.CacheFile, JsonSerializer.Serialize(entry, Json));
    }

    private static AccelerationVerdict Tcg(string reason) => new(QemuAccelerator.Tcg, reason);
}
