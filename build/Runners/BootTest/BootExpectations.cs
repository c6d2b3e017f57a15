namespace RedoxBuild.Runners.BootTest;

/// <summary>A point in the boot the test waits for; it is reached when any of its markers appears in the serial output.</summary>
public sealed record BootMilestone(string Name, IReadOnlyList<string> Markers)
{
    /// <summary>A milestone whose name is also its only marker (what --expect TEXT gives).</summary>
    public static BootMilestone Literal(string text) => new(text, [text]);

    public bool IsIn(string text) => Markers.Any(m => text.Contains(m, StringComparison.Ordinal));
}

/// <summary>Where a crash pattern is looked for: the guest's serial console or the VMM's own error output.</summary>
public enum CrashSource { Serial, Vmm }

/// <summary>
/// A line that means the boot has failed and waiting longer is pointless. <paramref name="HarmlessWhen"/> names
/// known noise: when the matching line or the one after it contains one of these, the match is ignored.
/// </summary>
public sealed record CrashRule(string Name, string Marker, CrashSource Source = CrashSource.Serial, IReadOnlyList<string>? HarmlessWhen = null)
{
    public bool NeedsNextLine => HarmlessWhen is { Count: > 0 };

    public bool Matches(string line) => line.Contains(Marker, StringComparison.Ordinal);

    public string? HarmlessReason(string line, string? nextLine) =>
        HarmlessWhen?.FirstOrDefault(token => line.Contains(token, StringComparison.Ordinal) || nextLine?.Contains(token, StringComparison.Ordinal) == true);
}

/// <summary>What a boot test waits for, what makes it fail at once, and which test-suite protocols it parses.</summary>
public sealed record BootExpectations(IReadOnlyList<BootMilestone> Milestones, IReadOnlyList<CrashRule> CrashRules, IReadOnlyList<string> SuitePrefixes)
{
    /// <summary>The Nix boot test's milestones (nix-redox §4): bootloader, kernel, init done, shell or login prompt.</summary>
    public static IReadOnlyList<BootMilestone> DefaultMilestones { get; } =
    [
        BootMilestone.Literal("Redox OS Bootloader"),
        BootMilestone.Literal("Redox OS starting"),
        BootMilestone.Literal("Boot Complete"),
        new("shell or login prompt", ["ion>", "Welcome to Redox", "login:"]),
    ];

    /// <summary>
    /// Crash lines of the Redox kernel (panic.rs, x86 exception handlers), Rust userspace panics, OVMF's CPU
    /// exception dump and KVM's emulation failure. ps2d panics with "No such device" on every headless boot and
    /// fbbootlogd's EINVAL is equally harmless (nix-redox §4), so their panics are noise, not crashes.
    /// </summary>
    public static IReadOnlyList<CrashRule> DefaultCrashRules { get; } =
    [
        new("kernel panic", "KERNEL PANIC"),
        new("Rust panic", "panicked at", HarmlessWhen: ["ps2d", "fbbootlogd"]),
        new("page fault", "Page fault:"),
        new("double fault", "Double fault"),
        new("firmware CPU exception", "!!!! X64 Exception"),
        new("firmware assertion", "ASSERT ["),
        new("KVM internal error", "KVM internal error", CrashSource.Vmm),
    ];

    /// <summary>The guest test protocols of nix-redox: FUNC_TEST (functional) and NET_TEST (network).</summary>
    public static IReadOnlyList<string> DefaultSuitePrefixes { get; } = ["FUNC_TEST", "NET_TEST"];

    public static BootExpectations Default { get; } = new(DefaultMilestones, DefaultCrashRules, DefaultSuitePrefixes);

    /// <summary>The defaults, or the given texts as literal milestones in their order (--expect replaces the defaults).</summary>
    public static BootExpectations For(IReadOnlyList<string>? expect) =>
        expect is { Count: > 0 } ? Default with { Milestones = expect.Select(BootMilestone.Literal).ToList() } : Default;
}
