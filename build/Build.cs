using RedoxBuild.Engine;

// Entry point of the Redox build. Targets live in Build.*.cs partials, one concern per file.
partial class Build : NukeBuild
{
    public static int Main() => Execute<Build>();

    /// <summary>Where outputs go; see BuildLayout.</summary>
    BuildLayout Layout => new(RootDirectory);
}
