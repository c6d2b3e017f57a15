namespace RedoxBuild.Runners.Network;

/// <summary>Facts about the invoking user that NetworkSetup depends on; tests replace them.</summary>
public sealed record HostPrivileges(bool IsRoot, string? SudoUser)
{
    /// <summary>Root is the effective user id 0; SUDO_USER names who ran sudo, so the TAP can belong to them.</summary>
    public static HostPrivileges Detect(IReadOnlyDictionary<string, string> environment) =>
        new(Environment.IsPrivilegedProcess, environment.GetValueOrDefault("SUDO_USER") is { Length: > 0 } user ? user : null);
}
