using RedoxBuild.Engine;

/// <summary>
/// Where the build keeps what it makes, all under the repository root so a checkout is self-contained.
/// Outputs live under build/ beside the build project; _build.csproj and build.sh exclude them.
/// </summary>
public sealed record BuildLayout(AbsolutePath Root)
{
    /// <summary>Intermediate per-recipe build trees: regenerable, what Clean removes by default.</summary>
    public AbsolutePath Work => Root / "build" / "work";

    /// <summary>Disk images per profile (build/images/&lt;profile&gt;/harddrive.img): kept unless asked for.</summary>
    public AbsolutePath Images => Root / "build" / "images";

    /// <summary>Fetched source checkouts, which may hold the user's edits: never deleted wholesale.</summary>
    public AbsolutePath Sources => Root / "build" / "sources";

    /// <summary>Prepared upstream branches and merge-request drafts the author is editing.</summary>
    public AbsolutePath Upstream => Root / "build" / "upstream";

    /// <summary>The build program's own temporary files and logs.</summary>
    public AbsolutePath Temporary => Root / ".nuke" / "temp";
}
