namespace RedoxBuild.Model.Profiles;

/// <summary>
/// Turns --profile into a file: a bare NAME is profiles/NAME.toml (only top-level files are selectable; shared
/// pieces live in profiles/include/), anything with a '/' or ending in .toml is a path from the working directory,
/// so an unchanged upstream config such as config/minimal.toml works too.
/// </summary>
public sealed record ProfileLocator(string ProfilesDirectory, string WorkingDirectory)
{
    /// <summary>The selectable profile names, sorted.</summary>
    public IReadOnlyList<string> Available() =>
        Directory.Exists(ProfilesDirectory)
            ? Directory.GetFiles(ProfilesDirectory, "*.toml").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToArray()
            : [];

    public static bool IsPath(string profile) =>
        profile.Contains('/') || profile.Contains('\\') || profile.EndsWith(".toml", StringComparison.OrdinalIgnoreCase);

    /// <summary>The profile's display name (the NAME, or the path as given) and its full path.</summary>
    public (string Name, string Path) Resolve(string profile)
    {
        if (string.IsNullOrWhiteSpace(profile))
            throw new ModelException(null, $"no profile given; use --profile with one of: {string.Join(", ", Available())}, or a path to a .toml file");
        if (IsPath(profile))
        {
            var full = Path.GetFullPath(profile, WorkingDirectory);
            return File.Exists(full)
                ? (profile, full)
                : throw new ModelException(null, $"profile file {profile} does not exist (looked for {full})");
        }
        var file = Path.Combine(ProfilesDirectory, profile + ".toml");
        if (File.Exists(file)) return (profile, file);
        var available = Available();
        var closest = Engine.EditDistance.Closest(profile, available);
        throw new ModelException(null,
            $"unknown profile \"{profile}\"{(closest is null ? "" : $" (did you mean {closest}?)")}; available profiles: {(available.Count == 0 ? "none (no profiles/*.toml)" : string.Join(", ", available))}, or give a path to a .toml file");
    }
}
