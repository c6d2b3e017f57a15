using RedoxBuild.Model.Profiles;

namespace RedoxBuild.Runners;

/// <summary>
/// One layer of what an interactive run attaches to the VM, every value optional: the parameters form one layer and
/// the profile's [vm] table another, as with <see cref="VmResourceLayer"/>; <see cref="VmAttachments.Resolve"/> takes
/// the first value given.
/// </summary>
public sealed record VmAttachmentLayer(bool? Tap = null, string? TapInterface = null, bool? ApiSocket = null, bool? Graphics = null)
{
    public static VmAttachmentLayer Empty { get; } = new();
}

/// <summary>
/// The [vm] keys beyond resources: whether RunCloud and RunQemu put the guest NIC on a host TAP (and which one, also
/// for RunCloudNet, RunQemuNet and NetworkSetup), whether RunCloud opens the REST API socket, and whether RunQemu shows
/// a window. Defaults are the Nix build's (tapNetworking false, tapInterface tap0, apiSocket false, no graphics).
/// </summary>
public sealed record VmAttachments(bool Tap, string TapInterface, bool ApiSocket, bool Graphics)
{
    public static VmAttachments Defaults { get; } = new(VmSettings.Default.Tap, VmSettings.Default.TapInterface, VmSettings.Default.ApiSocket, VmSettings.Default.Graphics);

    /// <summary>Earlier layers win; each value falls back to the next layer, then to the defaults.</summary>
    public static VmAttachments Resolve(params VmAttachmentLayer[] layers) => new(
        layers.Select(l => l.Tap).FirstOrDefault(v => v.HasValue) ?? Defaults.Tap,
        layers.Select(l => l.TapInterface).FirstOrDefault(v => v is not null) ?? Defaults.TapInterface,
        layers.Select(l => l.ApiSocket).FirstOrDefault(v => v.HasValue) ?? Defaults.ApiSocket,
        layers.Select(l => l.Graphics).FirstOrDefault(v => v.HasValue) ?? Defaults.Graphics);
}
