using RedoxBuild.Engine;
using RedoxBuild.Model.Profiles;
using RedoxBuild.Runners;

namespace RedoxBuild.Tests.Runners;

public class VmSettingsSpecs
{
    [Fact]
    public void Defaults_are_the_Nix_builds()
    {
        var settings = VmResources.Resolve();

        settings.Should().Be(new VmResources(4, ByteSize.FromMiB(2048), false, true, VmRunner.CloudHypervisor));
    }

    [Fact]
    public void Earlier_layers_win_value_by_value()
    {
        var parameters = new VmResourceLayer(Cpus: 2);
        var profile = new VmResourceLayer(Cpus: 8, Memory: ByteSize.Parse("4G"), Runner: VmRunner.Qemu);

        var settings = VmResources.Resolve(parameters, profile);

        settings.Should().Be(new VmResources(2, ByteSize.Parse("4G"), false, true, VmRunner.Qemu));
    }

    [Theory]
    [InlineData(1, "1:1:1:1")]
    [InlineData(4, "1:4:1:1")]
    [InlineData(6, "1:6:1:1")]
    public void The_Cloud_Hypervisor_topology_always_agrees_with_the_cpu_count(int cpus, string topology)
    {
        VmResources.Resolve(new VmResourceLayer(Cpus: cpus)).CloudHypervisorTopology.Should().Be(topology);
    }

    [Theory]
    [InlineData(0, null, false, "--cpus (env CPUS or CH_CPUS) must be between 1 and 254, got 0.")]
    [InlineData(4, "128M", false, "--memory (env MEMORY or CH_MEMORY) must be at least 256M, got 128M; Redox needs room for its initfs and daemons.")]
    [InlineData(4, "2048", false, "--memory (env MEMORY or CH_MEMORY) must be at least 256M, got 2K; Redox needs room for its initfs and daemons. A number without a suffix is bytes: did you mean 2048M?")]
    [InlineData(4, "1537M", true, "--hugepages needs --memory to be a multiple of 2M (the huge page size), got 1537M.")]
    public void Invalid_settings_are_refused_with_the_parameter_and_the_fix(int cpus, string? memory, bool hugepages, string message)
    {
        var act = () => VmResources.Resolve(new VmResourceLayer(cpus, memory is null ? null : ByteSize.Parse(memory), hugepages));

        act.Should().Throw<BuildFailure>().WithMessage(message);
    }
}
