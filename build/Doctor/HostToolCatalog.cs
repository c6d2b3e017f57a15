namespace RedoxBuild.Doctor;

/// <summary>Every host tool a target family may need, with install commands for Debian/Ubuntu, Fedora, Arch and macOS.</summary>
public static class HostToolCatalog
{
    public static IReadOnlyList<HostTool> All { get; } =
    [
        new("git", ToolFamily.Sources, ["git"], new("apt-get install git", "dnf install git", "pacman -S git", "brew install git")),
        new("patch", ToolFamily.Sources, ["patch"], new("apt-get install patch", "dnf install patch", "pacman -S patch", "brew install gpatch")),

        new("rustup", ToolFamily.RustToolchain, ["rustup"],
            new("apt-get install rustup (Debian 13+/Ubuntu 24.04+) or curl https://sh.rustup.rs | sh", "dnf install rustup", "pacman -S rustup", "brew install rustup")),
        new("cargo", ToolFamily.RustToolchain, ["cargo"],
            new("rustup toolchain install stable (provides cargo)", "rustup toolchain install stable", "rustup toolchain install stable", "rustup toolchain install stable")),
        new("nasm", ToolFamily.RustToolchain, ["nasm"], new("apt-get install nasm", "dnf install nasm", "pacman -S nasm", "brew install nasm")),
        new("make", ToolFamily.RustToolchain, ["make", "gmake"], new("apt-get install make", "dnf install make", "pacman -S make", "brew install make")),

        new("cc", ToolFamily.CBuild, ["cc", "gcc", "clang"], new("apt-get install build-essential", "dnf install gcc", "pacman -S base-devel", "xcode-select --install")),
        new("cmake", ToolFamily.CBuild, ["cmake"], new("apt-get install cmake", "dnf install cmake", "pacman -S cmake", "brew install cmake")),
        new("meson", ToolFamily.CBuild, ["meson"], new("apt-get install meson", "dnf install meson", "pacman -S meson", "brew install meson")),
        new("ninja", ToolFamily.CBuild, ["ninja", "ninja-build"], new("apt-get install ninja-build", "dnf install ninja-build", "pacman -S ninja", "brew install ninja")),
        new("pkg-config", ToolFamily.CBuild, ["pkg-config", "pkgconf"], new("apt-get install pkg-config", "dnf install pkgconf", "pacman -S pkgconf", "brew install pkgconf")),
        new("python3", ToolFamily.CBuild, ["python3"], new("apt-get install python3", "dnf install python3", "pacman -S python", "brew install python")),

        new("qemu-system-x86_64", ToolFamily.Qemu, ["qemu-system-x86_64"],
            new("apt-get install qemu-system-x86", "dnf install qemu-system-x86", "pacman -S qemu-system-x86", "brew install qemu")),
        new("qemu-img", ToolFamily.Qemu, ["qemu-img"], new("apt-get install qemu-utils", "dnf install qemu-img", "pacman -S qemu-img", "brew install qemu")),
        new("OVMF firmware", ToolFamily.Qemu, [], new("apt-get install ovmf", "dnf install edk2-ovmf", "pacman -S edk2-ovmf", "brew install qemu (ships edk2-x86_64-code.fd)"), IsFirmware: true),

        new("cloud-hypervisor", ToolFamily.CloudHypervisor, ["cloud-hypervisor"],
            new("not packaged in Debian 12: download the static binary from github.com/cloud-hypervisor/cloud-hypervisor/releases", "dnf install cloud-hypervisor",
                "pacman -S cloud-hypervisor", "not available (needs Linux KVM)")),
        new("CLOUDHV firmware", ToolFamily.CloudHypervisor, [],
            new("download CLOUDHV.fd from github.com/cloud-hypervisor/edk2/releases, or pass --firmware", "dnf install edk2-cloud-hypervisor",
                "download CLOUDHV.fd from github.com/cloud-hypervisor/edk2/releases", "not available (needs Linux KVM)"), IsFirmware: true),

        new("ip (iproute2)", ToolFamily.Network, ["ip"], new("apt-get install iproute2", "dnf install iproute", "pacman -S iproute2", "not available (Linux only)"), VersionArgument: "-V"),
        new("iptables", ToolFamily.Network, ["iptables"], new("apt-get install iptables", "dnf install iptables", "pacman -S iptables", "not available (Linux only)")),
        new("dnsmasq", ToolFamily.Network, ["dnsmasq"], new("apt-get install dnsmasq-base", "dnf install dnsmasq", "pacman -S dnsmasq", "brew install dnsmasq")),

        new("docker", ToolFamily.Containers, ["docker", "podman"], new("apt-get install docker.io", "dnf install moby-engine", "pacman -S docker", "brew install docker colima")),

        new("sgdisk", ToolFamily.DiskInspection, ["sgdisk"], new("apt-get install gdisk", "dnf install gdisk", "pacman -S gptfdisk", "brew install gptfdisk")),
        new("mtools", ToolFamily.DiskInspection, ["mdir"], new("apt-get install mtools", "dnf install mtools", "pacman -S mtools", "brew install mtools")),
        new("fsck.fat", ToolFamily.DiskInspection, ["fsck.fat"], new("apt-get install dosfstools", "dnf install dosfstools", "pacman -S dosfstools", "brew install dosfstools"),
            VersionArgument: null),
    ];
}
