namespace RedoxBuild.Cache;

/// <summary>
/// Default places, following the XDG base directory convention. The local store is shared by every checkout on
/// the machine (keys hold no absolute paths), so it lives in the user's cache directory, not in the repository.
/// </summary>
public static class CacheDirectories
{
    public static string DefaultLocalStore(IReadOnlyDictionary<string, string> environment) =>
        Path.Combine(Base(environment, "XDG_CACHE_HOME", ".cache"), "redox-build", "binary-cache");

    public static string DefaultSecretKeyFile(IReadOnlyDictionary<string, string> environment, string keyName) =>
        Path.Combine(Base(environment, "XDG_CONFIG_HOME", ".config"), "redox-build", "cache-keys", keyName + ".secret");

    private static string Base(IReadOnlyDictionary<string, string> environment, string xdgVariable, string homeRelative)
    {
        if (environment.TryGetValue(xdgVariable, out var xdg) && Path.IsPathRooted(xdg)) return xdg;
        var home = environment.TryGetValue("HOME", out var h) && Path.IsPathRooted(h) ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, homeRelative);
    }
}
