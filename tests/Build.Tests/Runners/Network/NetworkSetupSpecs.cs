using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using RedoxBuild.Runners;
using RedoxBuild.Runners.Network;
using RedoxBuild.Tests.Runners.CloudHypervisor;
using RedoxBuild.Tests.Support;

namespace RedoxBuild.Tests.Runners.Network;

/// <summary>
/// NetworkSetup and NetworkTeardown for real, inside network namespaces these tests create (root; ip, iptables and
/// dnsmasq really run), with a QEMU guest (TCG, OVMF) asking our dnsmasq for a lease.
/// </summary>
public sealed class NetworkSetupSpecs : IDisposable
{
    private static readonly HostPrivileges SudoFromNobody = new(IsRoot: true, SudoUser: "nobody");

    private readonly string _root = BuildHarness.CreateTemporaryRoot();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string StateDirectory(string netns) => Path.Combine(_root, ".nuke", "temp", "network", $"netns-{netns}");

    private Task<RunnerHarness.Result> Run(HostPrivileges privileges, params string[] args) =>
        RunnerHarness.RunAsync(_root, new RunnerTestBuild(new TestConsole().Create(), privileges), args);

    [RequiresToolsFact("ip", "iptables", "dnsmasq", "qemu-system-x86_64")]
    public async Task Setup_adds_everything_once_and_teardown_removes_exactly_that()
    {
        await using var ns = await TestNetworkNamespace.CreateAsync();
        // Whether a new namespace starts with forwarding on depends on the host (here it follows the host's setting,
        // which a running dockerd turns on); this namespace is the test's own, so pin it.
        await ns.ExecAsync("sysctl", "-w", "net.ipv4.ip_forward=0");
        var rulesBefore = await ns.IptablesRulesAsync();

        var first = await Run(SudoFromNobody, "NetworkSetup", "--netns", ns.Name, "--dhcp");

        first.ExitCode.Should().Be(0, first.Out);
        var tap = JsonDocument.Parse(await ns.ExecAsync("ip", "-details", "-json", "address", "show", "dev", "tap0")).RootElement[0];
        tap.GetProperty("linkinfo").GetProperty("info_data").GetProperty("user").GetString().Should().Be("nobody");
        tap.GetProperty("flags").EnumerateArray().Select(f => f.GetString()).Should().Contain("UP");
        tap.GetProperty("addr_info").EnumerateArray().Should().Contain(a => a.GetProperty("local").GetString() == "172.16.0.1" && a.GetProperty("prefixlen").GetInt32() == 24);
        (await ns.IpForwardAsync()).Should().Be("1");
        var rulesAfter = await ns.IptablesRulesAsync();
        rulesAfter.Should().Contain("-A POSTROUTING -s 172.16.0.0/24 -o up0 -j MASQUERADE")
            .And.Contain("-A FORWARD -i tap0 -o up0 -j ACCEPT")
            .And.Contain("-A FORWARD -i up0 -o tap0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        var stateFile = Path.Combine(StateDirectory(ns.Name), "state.json");
        var state = ReadState(ns.Name);
        state.Should().Match<NetworkState>(s => s.CreatedTap && s.AddedAddress && s.BroughtUp && s.IpForwardBefore == "0" && s.Rules.Count == 3);
        DhcpProcess.IsRunning(state.Dhcp!).Should().BeTrue();
        first.Out.Should().Contain("Guest settings: 172.16.0.2/24 (static, as the cloud profile) or DHCP 172.16.0.10-172.16.0.50, gateway 172.16.0.1, DNS 1.1.1.1, 8.8.8.8.");

        var stateText = File.ReadAllText(stateFile);
        var second = await Run(SudoFromNobody, "NetworkSetup", "--netns", ns.Name, "--dhcp");

        second.ExitCode.Should().Be(0, second.Out);
        second.Out.Should().Contain($"Nothing new: everything was already set up in network namespace {ns.Name}");
        (await ns.IptablesRulesAsync()).Should().Be(rulesAfter, "each rule is checked with -C before it is added");
        File.ReadAllText(stateFile).Should().Be(stateText, "the same dnsmasq keeps running and nothing new was recorded");

        var teardown = await Run(SudoFromNobody, "NetworkTeardown", "--netns", ns.Name);

        teardown.ExitCode.Should().Be(0, teardown.Out);
        (await ns.TryExecAsync("ip", "link", "show", "dev", "tap0")).ExitCode.Should().NotBe(0, "the TAP is gone");
        (await ns.IptablesRulesAsync()).Should().Be(rulesBefore, "no rule of ours is left");
        (await ns.IpForwardAsync()).Should().Be("0", "forwarding was off before setup");
        DhcpProcess.IsRunning(state.Dhcp!).Should().BeFalse("dnsmasq is stopped");
        Directory.Exists(StateDirectory(ns.Name)).Should().BeFalse("state, pid, lease and log files are gone");

        var again = await Run(SudoFromNobody, "NetworkTeardown", "--netns", ns.Name);
        again.ExitCode.Should().Be(0);
        again.Out.Should().Contain($"Nothing to tear down in network namespace {ns.Name}: no state file at {stateFile}");
    }

    [RequiresToolsFact("ip", "iptables", "dnsmasq", "qemu-system-x86_64")]
    public async Task What_existed_before_setup_is_not_recorded_and_survives_teardown()
    {
        await using var ns = await TestNetworkNamespace.CreateAsync();
        await ns.ExecAsync("ip", "tuntap", "add", "dev", "tap0", "mode", "tap");
        await ns.ExecAsync("ip", "address", "add", "172.16.0.1/24", "dev", "tap0");
        await ns.ExecAsync("iptables", "-A", "FORWARD", "-i", "tap0", "-o", "up0", "-j", "ACCEPT");
        await ns.ExecAsync("sysctl", "-w", "net.ipv4.ip_forward=1");

        var setup = await Run(SudoFromNobody, "NetworkSetup", "--netns", ns.Name);
        var state = ReadState(ns.Name);
        var teardown = await Run(SudoFromNobody, "NetworkTeardown", "--netns", ns.Name);

        setup.ExitCode.Should().Be(0, setup.Out);
        state.Should().Match<NetworkState>(s => !s.CreatedTap && !s.AddedAddress && s.BroughtUp && s.IpForwardBefore == null && s.Dhcp == null);
        state.Rules.Select(r => string.Join(' ', r.Spec)).Should().Equal(
            ["-s 172.16.0.0/24 -o up0 -j MASQUERADE", "-i up0 -o tap0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"],
            "the hand-made FORWARD rule is not ours");
        teardown.ExitCode.Should().Be(0, teardown.Out);
        var link = await ns.ExecAsync("ip", "-json", "address", "show", "dev", "tap0");
        LinkStatus.Parse(link).Should().BeEquivalentTo(new LinkStatus(false, ["172.16.0.1/24"]), "the TAP and its address stay; only 'up' was ours");
        var rules = await ns.IptablesRulesAsync();
        rules.Should().Contain("-A FORWARD -i tap0 -o up0 -j ACCEPT").And.NotContain("MASQUERADE").And.NotContain("conntrack");
        (await ns.IpForwardAsync()).Should().Be("1");
    }

    [RequiresToolsFact("ip", "iptables", "dnsmasq", "qemu-system-x86_64")]
    public async Task A_QEMU_guest_gets_a_DHCP_lease_from_the_dnsmasq_NetworkSetup_started()
    {
        await using var ns = await TestNetworkNamespace.CreateAsync();
        var setup = await Run(SudoFromNobody, "NetworkSetup", "--netns", ns.Name, "--dhcp");
        setup.ExitCode.Should().Be(0, setup.Out);
        var leases = Path.Combine(StateDirectory(ns.Name), "dnsmasq.leases");
        var firmware = FirmwareLocator.FindOvmf() ?? throw new InvalidOperationException("OVMF is missing: apt-get install ovmf");
        var vars = Path.Combine(_root, "vars.fd");
        File.Copy(firmware.VarsTemplate!, vars);
        const string mac = "52:54:00:12:34:56";

        // The default virtio-net option ROM (iPXE) runs the whole DHCP exchange; with romfile= OVMF's own PXE client
        // stops after DHCPOFFER when the offer names no boot file, so no lease would ever be written.
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     "netns", "exec", ns.Name, "qemu-system-x86_64", "-accel", "tcg", "-machine", "q35", "-m", "256", "-display", "none",
                     "-serial", "none", "-monitor", "none", "-no-reboot",
                     "-drive", $"if=pflash,format=raw,unit=0,readonly=on,file={firmware.Code}",
                     "-drive", $"if=pflash,format=raw,unit=1,file={vars}",
                     "-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no",
                     "-device", $"virtio-net-pci,netdev=n0,mac={mac}",
                 }) start.ArgumentList.Add(argument);
        using var qemu = Process.Start(start)!;
        string? lease = null;
        try
        {
            // machine.md §5: an offer about 10 s after launch under TCG; the wait is bounded at 60 s.
            for (var i = 0; i < 600 && lease is null; i++)
            {
                await Task.Delay(100);
                lease = File.Exists(leases) ? File.ReadLines(leases).FirstOrDefault(l => l.Contains(mac, StringComparison.Ordinal)) : null;
                if (qemu.HasExited) break;
            }
        }
        finally
        {
            if (!qemu.HasExited) qemu.Kill(entireProcessTree: true);
            await qemu.WaitForExitAsync();
        }

        lease.Should().NotBeNull($"the guest should have a lease within 60 s; dnsmasq log:\n{ReadLog(ns.Name)}");
        var address = Regex.Match(lease!, @"172\.16\.0\.(\d+)");
        address.Success.Should().BeTrue(lease);
        int.Parse(address.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(10, 50);
        (await Run(SudoFromNobody, "NetworkTeardown", "--netns", ns.Name)).ExitCode.Should().Be(0);
        File.Exists(leases).Should().BeFalse();
    }

    private NetworkState ReadState(string netns) =>
        JsonSerializer.Deserialize<NetworkState>(File.ReadAllText(Path.Combine(StateDirectory(netns), "state.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    private string ReadLog(string netns)
    {
        var log = Path.Combine(StateDirectory(netns), "dnsmasq.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no log)";
    }
}
