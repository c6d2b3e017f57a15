using RedoxBuild.Runners.Network;
using RedoxBuild.Tests.Runners.CloudHypervisor;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Runners.Network;

/// <summary>NetworkSetup/NetworkTeardown without root, with a missing namespace, and as a dry run.</summary>
public sealed class NetworkMessagesSpecs : IDisposable
{
    private static readonly HostPrivileges NotRoot = new(IsRoot: false, SudoUser: null);

    private readonly string _root = BuildHarness.CreateTemporaryRoot();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<RunnerHarness.Result> Run(HostPrivileges privileges, params string[] args) =>
        RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create(), privileges), args);

    [Fact]
    public async Task Without_root_setup_fails_with_the_exact_sudo_command_and_changes_nothing()
    {
        var result = await Run(NotRoot, "NetworkSetup", "--tap", "tap9", "--host-ip", "10.9.0.1/24", "--netns", "lab", "--dhcp");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain(
            "NetworkSetup changes this machine's network (TAP device, iptables, sysctl, dnsmasq) and needs root. Run:\n" +
            "  sudo ./build.sh NetworkSetup --tap tap9 --host-ip 10.9.0.1/24 --netns lab --dhcp");
        result.Build.Processes.Planned.Should().BeEmpty();
        Directory.Exists(Path.Combine(_root, ".nuke", "temp", "network")).Should().BeFalse();
    }

    [Fact]
    public async Task Without_root_teardown_names_its_sudo_command_too()
    {
        var result = await Run(NotRoot, "NetworkTeardown");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("NetworkTeardown changes this machine's network (TAP device, iptables, sysctl, dnsmasq) and needs root. Run:\n  sudo ./build.sh NetworkTeardown\n");
    }

    [Fact]
    public async Task A_missing_namespace_is_named_with_the_command_that_creates_it()
    {
        var result = await Run(new HostPrivileges(true, null), "NetworkSetup", "--netns", "redox-no-such-ns");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("There is no network namespace 'redox-no-such-ns' (no /run/netns/redox-no-such-ns). Create it with: sudo ip netns add redox-no-such-ns");
    }

    [Fact]
    public async Task A_bad_host_address_is_refused_before_anything_runs()
    {
        var result = await Run(new HostPrivileges(true, null), "NetworkSetup", "--host-ip", "172.16.0.20/24");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("--host-ip 172.16.0.20/24 lies in the DHCP pool 172.16.0.10-172.16.0.50; use an address below .10, e.g. 172.16.0.1/24.");
        result.Build.Processes.Planned.Should().BeEmpty();
    }

    [Fact]
    public async Task A_dry_run_of_setup_prints_every_command_needs_no_root_and_runs_nothing()
    {
        var build = new RunnerTestBuild(new TestConsole().Create(), new HostPrivileges(IsRoot: false, SudoUser: "alice"));

        var result = await RunnerHarness.RunAsync(_root, build, "NetworkSetup", "--dry-run", "--dhcp");

        result.ExitCode.Should().Be(0, result.Out);
        var text = string.Join('\n', build.Processes.Planned.Select(p => string.Join(' ', p.Arguments.Prepend(p.Program).Select(RedoxBuild.CliWrap.ShellQuoting.Quote)))) + "\n";
        Golden.AssertMatches("tests/Build.Tests/Golden/network/setup-dry-run.txt", text.Replace(_root, "<root>", StringComparison.Ordinal));
        Directory.Exists(Path.Combine(_root, ".nuke", "temp", "network")).Should().BeFalse("a dry run records nothing");
        result.Out.Should().Contain("[dry-run] would add in the host (nothing was run or recorded)").And.NotContain("recorded in").And.NotContain("(pid 0)");
    }

    [Fact]
    public async Task A_dry_run_still_checks_that_the_namespace_exists()
    {
        var result = await Run(NotRoot, "NetworkTeardown", "--dry-run", "--netns", "lab");

        result.ExitCode.Should().Be(1);
        result.Out.Should().Contain("There is no network namespace 'lab'");
    }

    [Fact]
    public async Task Teardown_with_nothing_recorded_says_so_and_runs_nothing()
    {
        var result = await Run(NotRoot, "NetworkTeardown", "--dry-run");

        result.ExitCode.Should().Be(0, result.Out);
        result.Out.Should().Contain($"Nothing to tear down in the host: no state file at {_root}/.nuke/temp/network/host/state.json (NetworkSetup records what it adds there).");
        result.Build.Processes.Planned.Should().BeEmpty();
    }
}
