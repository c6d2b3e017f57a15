namespace RedoxBuild.Doctor;

/// <summary>What a group of targets needs from the host. Targets declare theirs with [UsesTools].</summary>
public enum ToolFamily
{
    /// <summary>Fetching and patching sources: git, patch.</summary>
    Sources,

    /// <summary>Cross-compiling Redox components: rustup, cargo, nasm, make.</summary>
    RustToolchain,

    /// <summary>Recipe templates for C projects: cc, make, cmake, meson, ninja, pkg-config, python3.</summary>
    CBuild,

    /// <summary>Booting images in QEMU: qemu-system-x86_64, qemu-img, OVMF.</summary>
    Qemu,

    /// <summary>Booting images in Cloud Hypervisor: cloud-hypervisor, CLOUDHV.fd.</summary>
    CloudHypervisor,

    /// <summary>Host networking for guests: ip, iptables, dnsmasq.</summary>
    Network,

    /// <summary>Builds inside a container: docker (or Podman's Docker-compatible socket).</summary>
    Containers,

    /// <summary>Inspecting images by hand: sgdisk, mtools, fsck.fat (optional; our image writer needs none of them).</summary>
    DiskInspection,
}

/// <summary>Declares the host tool families a target needs; Doctor --for reads it.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class UsesToolsAttribute(params ToolFamily[] families) : Attribute
{
    public IReadOnlyList<ToolFamily> Families { get; } = families;
}

/// <summary>How to install a tool on each host family Doctor knows.</summary>
public sealed record InstallHint(string Debian, string Fedora, string Arch, string MacOs)
{
    public string For(HostOs os) => os switch
    {
        HostOs.Debian => Debian,
        HostOs.Fedora => Fedora,
        HostOs.Arch => Arch,
        HostOs.MacOs => MacOs,
        _ => Debian,
    };
}

/// <summary>
/// One host tool: the executables that satisfy it (any one), or firmware files found by a locator,
/// how to ask its version (null: the tool has no version option), and how to install it.
/// </summary>
public sealed record HostTool(
    string Name,
    ToolFamily Family,
    IReadOnlyList<string> Executables,
    InstallHint Install,
    string? VersionArgument = "--version",
    bool IsFirmware = false);

/// <summary>The host operating system families install hints exist for.</summary>
public enum HostOs { Debian, Fedora, Arch, MacOs, Other }
