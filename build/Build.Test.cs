using RedoxBuild.CliWrap;
using RedoxBuild.Engine;
using RedoxBuild.Engine.CI;

[GitHubActions("ci", GitHubActionsImage.UbuntuLatest,
    On = [GitHubActionsTrigger.Push, GitHubActionsTrigger.PullRequest],
    InvokedTargets = [nameof(Test)],
    TimeoutMinutes = 60,
    ConcurrencyCancelInProgress = true,
    ExtraStepsBefore = "- name: Install test prerequisites\n  run: sudo apt-get update && sudo apt-get install -y --no-install-recommends $(cat .ci/packages)")]
partial class Build
{
    Target Test => _ => _
        .Description("Builds the solution and runs every test (engine and build), writing TRX results to build/work/test-results.")
        .Produces("build/work/test-results/*.trx")
        .Executes(() => Processes.RunAsync(Cli.Wrap("dotnet")
            .WithArguments(["test", "RedoxBuild.slnx", "--logger", "trx", "--results-directory", Layout.Work / "test-results"])
            .WithWorkingDirectory(RootDirectory)));
}
