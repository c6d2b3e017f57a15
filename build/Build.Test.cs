using RedoxBuild.CliWrap;
using RedoxBuild.Engine;

partial class Build
{
    Target Test => _ => _
        .Description("Builds the solution and runs every test (engine and build), writing TRX results to build/work/test-results.")
        .Produces("build/work/test-results/*.trx")
        .Executes(() => Processes.RunAsync(Cli.Wrap("dotnet")
            .WithArguments(["test", "RedoxBuild.slnx", "--logger", "trx", "--results-directory", Layout.Work / "test-results"])
            .WithWorkingDirectory(RootDirectory)));
}
