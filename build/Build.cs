// Entry point of the Redox build. Targets live in Build.*.cs partials, one concern per file.
partial class Build
{
    public static int Main(string[] args) => 0;
}
