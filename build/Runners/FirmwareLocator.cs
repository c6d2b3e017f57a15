namespace RedoxBuild.Runners;

/// <summary>A UEFI firmware pair: the read-only code image and, for pflash setups, the template of the variable store.</summary>
public sealed record UefiFirmware(string Code, string? VarsTemplate)
{
    /// <summary>One combined image used with -bios (no separate variable store).</summary>
    public bool IsCombined => VarsTemplate is null;
}

/// <summary>
/// Finds OVMF for QEMU and CLOUDHV.fd for Cloud Hypervisor in the layouts of Debian/Ubuntu, Fedora, Arch, Nix and
/// Homebrew. A path given with --firmware always wins; when nothing is found the caller reports the install hint.
/// </summary>
public static class FirmwareLocator
{
    // Ordered by preference: 4M pflash pairs first (what current QEMU and Debian default to), combined images last.
    private static readonly (string Code, string? Vars)[] OvmfCandidates =
    [
        ("/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd"),       // Debian 12+, Ubuntu 22.04+
        ("/usr/share/OVMF/OVMF_CODE.fd", "/usr/share/OVMF/OVMF_VARS.fd"),             // older Debian/Ubuntu
        ("/usr/share/edk2/ovmf/OVMF_CODE.fd", "/usr/share/edk2/ovmf/OVMF_VARS.fd"),   // Fedora
        ("/usr/share/edk2/x64/OVMF_CODE.4m.fd", "/usr/share/edk2/x64/OVMF_VARS.4m.fd"), // Arch
        ("/usr/share/edk2-ovmf/x64/OVMF_CODE.fd", "/usr/share/edk2-ovmf/x64/OVMF_VARS.fd"), // older Arch
        ("/run/libvirt/nix-ovmf/OVMF_CODE.fd", "/run/libvirt/nix-ovmf/OVMF_VARS.fd"), // NixOS with libvirtd
        ("/opt/homebrew/share/qemu/edk2-x86_64-code.fd", "/opt/homebrew/share/qemu/edk2-i386-vars.fd"), // Homebrew (Apple silicon)
        ("/usr/local/share/qemu/edk2-x86_64-code.fd", "/usr/local/share/qemu/edk2-i386-vars.fd"),       // Homebrew (Intel)
        ("/usr/share/qemu/edk2-x86_64-code.fd", "/usr/share/qemu/edk2-i386-vars.fd"),   // QEMU's own install
        ("/usr/share/ovmf/OVMF.fd", null),                                              // Debian combined image
        ("/usr/share/ovmf/x64/OVMF.fd", null),                                          // Arch combined image
    ];

    private static readonly string[] CloudHypervisorCandidates =
    [
        "/usr/share/cloud-hypervisor/CLOUDHV.fd",
        "/usr/share/edk2/cloud-hypervisor/CLOUDHV.fd",
        "/usr/share/edk2-cloud-hypervisor/CLOUDHV.fd",
        "/usr/local/share/cloud-hypervisor/CLOUDHV.fd",
    ];

    /// <summary>OVMF for QEMU: the given path (a code file; its VARS sibling is used when present), else a known layout.</summary>
    public static UefiFirmware? FindOvmf(string? given = null, Func<string, bool>? exists = null)
    {
        exists ??= File.Exists;
        if (given is not null)
        {
            if (!exists(given)) return null;
            var vars = GuessVars(given);
            return new UefiFirmware(given, vars is not null && exists(vars) ? vars : null);
        }
        foreach (var (code, vars) in OvmfCandidates)
            if (exists(code) && (vars is null || exists(vars))) return new UefiFirmware(code, vars);
        // Nix profiles put OVMF under the store; an OVMF_FD or OVMF environment variable is the usual pointer.
        return null;
    }

    /// <summary>CLOUDHV.fd for Cloud Hypervisor: the given path, $CLOUDHV_FIRMWARE, then the known layouts.</summary>
    public static string? FindCloudHypervisorFirmware(string? given = null, string? fromEnvironment = null, Func<string, bool>? exists = null)
    {
        exists ??= File.Exists;
        if (given is not null) return exists(given) ? given : null;
        if (fromEnvironment is not null && exists(fromEnvironment)) return fromEnvironment;
        return CloudHypervisorCandidates.FirstOrDefault(exists);
    }

    private static string? GuessVars(string code)
    {
        var name = Path.GetFileName(code);
        var dir = Path.GetDirectoryName(code) ?? ".";
        var vars = name.Replace("CODE", "VARS", StringComparison.Ordinal).Replace("code", "vars", StringComparison.Ordinal);
        return vars == name ? null : Path.Combine(dir, vars);
    }
}
