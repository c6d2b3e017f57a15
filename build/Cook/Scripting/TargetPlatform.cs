using System.Runtime.InteropServices;

namespace RedoxBuild.Cook.Scripting;

/// <summary>
/// A Rust target triple and what the build derives from it: the GNU triple C tools are prefixed with, the
/// architecture, cargo's environment spelling, and whether binaries are linked statically by default (Redox: yes).
/// The engine is generic over triples; tests use the host triple with the host's cross-named compilers.
/// </summary>
public sealed record TargetPlatform(string Triple)
{
    public static TargetPlatform Redox { get; } = new("x86_64-unknown-redox");

    /// <summary>The machine the build runs on, as a Rust triple (x86_64-unknown-linux-gnu here).</summary>
    public static TargetPlatform Host { get; } = new(RuntimeInformation.OSArchitecture switch
    {
        Architecture.Arm64 => OperatingSystem.IsMacOS() ? "aarch64-apple-darwin" : "aarch64-unknown-linux-gnu",
        _ => OperatingSystem.IsMacOS() ? "x86_64-apple-darwin" : "x86_64-unknown-linux-gnu",
    });

    /// <summary>Redox's architectures as upstream's TARGET spells them (its ARCH=i686 becomes i586; RISC-V is riscv64gc).</summary>
    public static IReadOnlyList<string> RedoxArchitectures { get; } = ["x86_64", "i586", "aarch64", "riscv64gc"];

    /// <summary>
    /// The triples a cook can target: Redox on each of its architectures, and natively the host (and x86_64 Linux,
    /// the triple host tools and the tests cook for).
    /// </summary>
    public static IReadOnlyList<string> Supported { get; } =
        [.. RedoxArchitectures.Select(a => $"{a}-unknown-redox"), .. new[] { "x86_64-unknown-linux-gnu", Host.Triple }.Distinct()];

    /// <summary>The supported triple closest to a mistyped one, when it is close enough to be a plausible typo.</summary>
    public static string? Closest(string triple) => Supported
        .Select(s => (Triple: s, Distance: RedoxBuild.Engine.EditDistance.Between(triple, s)))
        .Where(x => x.Distance <= Math.Max(2, triple.Length / 6))
        .OrderBy(x => x.Distance).Select(x => x.Triple).FirstOrDefault();

    /// <summary>x86_64, aarch64, i586, riscv64gc: the first field.</summary>
    public string Arch => Triple.Split('-')[0];

    /// <summary>
    /// The prefix of the C toolchain: Redox uses the Rust triple except riscv64gc → riscv64; Linux drops the vendor
    /// (x86_64-unknown-linux-gnu → x86_64-linux-gnu, as Debian names its compilers).
    /// </summary>
    public string GnuTriple
    {
        get
        {
            var parts = Triple.Split('-');
            var arch = parts[0] == "riscv64gc" ? "riscv64" : parts[0];
            return IsLinux && parts.Length == 4 ? $"{arch}-{parts[2]}-{parts[3]}" : string.Join('-', parts.Skip(1).Prepend(arch));
        }
    }

    public bool IsRedox => Triple.EndsWith("-redox", StringComparison.Ordinal);
    public bool IsLinux => Triple.Contains("-linux-", StringComparison.Ordinal);
    public bool IsHost => Triple == Host.Triple;

    /// <summary>Redox userspace links statically unless a recipe calls DYNAMIC_INIT; host builds use the host's defaults.</summary>
    public bool StaticByDefault => IsRedox;

    /// <summary>X86_64_UNKNOWN_REDOX, for CARGO_TARGET_&lt;T&gt;_LINKER and _RUSTFLAGS.</summary>
    public string CargoEnvName => Triple.ToUpperInvariant().Replace('-', '_');

    /// <summary>x86_64_unknown_redox, for cc-rs variables such as CC_x86_64_unknown_redox.</summary>
    public string CcRsSuffix => Triple.Replace('-', '_');

    public override string ToString() => Triple;
}
