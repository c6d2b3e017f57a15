using System.Diagnostics;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Image.Assembly;

/// <summary>Boots a disk image under QEMU (TCG) with OVMF and returns the exit code and serial log; bounded, always killed.</summary>
internal static class OvmfBoot
{
    public const string Qemu = "qemu-system-x86_64";
    public const string Code = "/usr/share/OVMF/OVMF_CODE_4M.fd";
    public const string Vars = "/usr/share/OVMF/OVMF_VARS_4M.fd";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static (int ExitCode, string Serial) Run(string disk, string scratch)
    {
        var vars = Path.Combine(scratch, "OVMF_VARS.fd");
        File.Copy(Vars, vars, overwrite: true); // the firmware writes its variables; never touch the system copy
        var serial = Path.Combine(scratch, "serial.log");
        var info = new ProcessStartInfo(HostTools.Require(Qemu))
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "-accel", "tcg", "-machine", "q35", "-m", "512", "-display", "none", "-serial", $"file:{serial}", "-no-reboot",
                     "-drive", $"if=pflash,format=raw,unit=0,readonly=on,file={Code}",
                     "-drive", $"if=pflash,format=raw,unit=1,file={vars}",
                     // A snapshot: the firmware may write boot entries, and the image under test must stay as built.
                     "-drive", $"file={disk},format=raw,if=virtio,snapshot=on", "-net", "none",
                 })
            info.ArgumentList.Add(arg);
        using var qemu = Process.Start(info)!;
        var stderr = qemu.StandardError.ReadToEndAsync();
        _ = qemu.StandardOutput.ReadToEndAsync();
        try
        {
            var exited = qemu.WaitForExit(Timeout);
            var log = File.Exists(serial) ? File.ReadAllText(serial) : "";
            if (!exited)
                throw new TimeoutException($"qemu did not power off within {Timeout.TotalSeconds} s. Serial tail:\n{(log.Length <= 2000 ? log : log[^2000..])}");
            qemu.WaitForExit();
            return (qemu.ExitCode, log + stderr.Result);
        }
        finally
        {
            if (!qemu.HasExited) qemu.Kill(entireProcessTree: true);
        }
    }
}
