using System.Globalization;
using System.Runtime.InteropServices;
using RedoxBuild.Engine;

namespace RedoxBuild.Cook.Containers;

/// <summary>
/// The numeric user and group recipe scripts run as inside the builder container, so what they write into the
/// mounted checkout belongs to the person building rather than to root.
/// </summary>
public sealed record ContainerUser(uint Uid, uint Gid)
{
    /// <summary>"UID:GID", as docker --user and the Engine API take it.</summary>
    public override string ToString() => $"{Uid}:{Gid}";

    /// <summary>Parses --container-user: two numbers, because the builder image knows none of this machine's user names.</summary>
    public static ContainerUser Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length == 2 && uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var uid) &&
            uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            return new ContainerUser(uid, gid);
        throw new BuildFailure($"--container-user {text}: expected UID:GID in numbers, e.g. --container-user {UnixIds.RealUser()}:{UnixIds.RealGroup()} (see: id -u; id -g).");
    }

    /// <summary>
    /// Whoever invoked the build: under sudo (root with SUDO_UID and SUDO_GID set) the user who ran sudo, otherwise
    /// the process's real user and group.
    /// </summary>
    public static ContainerUser Invoking(IReadOnlyDictionary<string, string> environment)
    {
        if (UnixIds.EffectiveUser() == 0 &&
            uint.TryParse(environment.GetValueOrDefault("SUDO_UID"), NumberStyles.None, CultureInfo.InvariantCulture, out var uid) &&
            uint.TryParse(environment.GetValueOrDefault("SUDO_GID"), NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            return new ContainerUser(uid, gid);
        return new ContainerUser(UnixIds.RealUser(), UnixIds.RealGroup());
    }

    /// <summary>
    /// Gives a directory this build made to the container user, so scripts running as them can write into it. Only
    /// root may do that, and only a root build can have made directories that belong to someone else.
    /// </summary>
    public void HandOver(string directory)
    {
        if (UnixIds.EffectiveUser() != 0 || (Uid == 0 && Gid == 0)) return;
        if (UnixIds.Chown(directory, Uid, Gid) != 0)
            throw new BuildFailure($"Could not give {directory} to {this} for the builder container: {Marshal.GetLastPInvokeErrorMessage()}.");
    }
}

/// <summary>The process's user and group ids and chown: the APIs .NET does not expose.</summary>
internal static class UnixIds
{
    // DllImport rather than LibraryImport: no marshalling code is needed for these, and LibraryImport would force
    // AllowUnsafeBlocks on the whole build program.
    [DllImport("libc", EntryPoint = "getuid")]
    public static extern uint RealUser();

    [DllImport("libc", EntryPoint = "getgid")]
    public static extern uint RealGroup();

    [DllImport("libc", EntryPoint = "geteuid")]
    public static extern uint EffectiveUser();

    [DllImport("libc", EntryPoint = "chown", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    public static extern int Chown(string path, uint owner, uint group);
}
